package io.metrics.lakehouse.query.alerting.notify;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import io.metrics.lakehouse.query.alerting.db.InstanceStore;
import io.metrics.lakehouse.query.alerting.db.OutboxStore;
import io.metrics.lakehouse.query.alerting.db.SilenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, one group at a time: under the group's row lock (FOR UPDATE SKIP LOCKED, so
 * one replica sends a group's digest) it takes the group's pending rows, drops the silenced and
 * inhibited ones (and resolves whose firing was never sent), sends the rest as one digest when the
 * group's timers allow (group_wait for a new group, group_interval after its last digest), and
 * marks them sent in the same transaction. A failed delivery retries with exponential backoff.
 * Still-firing alerts of a group are sent again after repeat_interval.
 */
public class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int GROUPS_PER_PASS = 500;

    private final Jdbi jdbi;
    private final OutboxStore outbox;
    private final SilenceStore silences;
    private final InstanceStore instances;
    private final Inhibitor inhibitor;
    private final Map<String, Notifier> notifiers;
    private final Clock clock;
    private final String externalUrl;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Meter sent;
    private final Meter failed;
    private final Meter suppressed;

    public Dispatcher(Jdbi jdbi, OutboxStore outbox, SilenceStore silences, InstanceStore instances, Inhibitor inhibitor,
            Map<String, Notifier> notifiers, Clock clock, String externalUrl, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.silences = silences;
        this.instances = instances;
        this.inhibitor = inhibitor;
        this.notifiers = Map.copyOf(notifiers);
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.sent = metrics.meter("alerting.notifications.sent");
        this.failed = metrics.meter("alerting.notifications.failed");
        this.suppressed = metrics.meter("alerting.notifications.suppressed");
    }

    /** One pass over the due groups; returns the number of digests delivered. */
    public int runOnce() {
        Instant now = clock.instant();
        int digests = 0;
        for (OutboxStore.GroupRef ref : outbox.groupsWithPending(now, GROUPS_PER_PASS)) {
            if (jdbi.inTransaction(h -> dispatchPending(h, ref, now))) {
                digests++;
            }
        }
        for (OutboxStore.GroupRef ref : outbox.groupsDueForRepeat(now, GROUPS_PER_PASS)) {
            if (jdbi.inTransaction(h -> repeat(h, ref, now))) {
                digests++;
            }
        }
        return digests;
    }

    private boolean dispatchPending(Handle h, OutboxStore.GroupRef ref, Instant now) {
        OutboxStore.Group group = outbox.lockGroup(h, ref).orElse(null);
        if (group == null) {
            return false;
        }
        List<OutboxStore.Row> rows = outbox.lockPending(h, ref, now);
        if (rows.isEmpty() || !timersAllow(group, rows, now)) {
            return false;
        }
        Notifier notifier = notifiers.get(ref.channel());
        if (notifier == null) {
            // The channel lost its configuration since these rows were written.
            rows.forEach(row -> outbox.finish(h, row.id(), "skipped", now));
            return false;
        }
        List<List<LabelMatcher>> activeSilences = silences.active(h, now);
        List<Inhibitor.Source> firingSources = inhibitor.hasRules() ? instances.firing(h) : List.of();
        List<OutboxStore.Row> deliver = new ArrayList<>();
        for (OutboxStore.Row row : rows) {
            String verdict = verdict(h, ref, row, activeSilences, firingSources);
            if (verdict == null) {
                deliver.add(row);
            } else {
                outbox.finish(h, row.id(), verdict, now);
                suppressed.mark();
            }
        }
        if (deliver.isEmpty()) {
            return false;
        }
        Map<String, Alert> firing = new LinkedHashMap<>(group.firing());
        for (OutboxStore.Row row : deliver) {
            if (row.alert().firing()) {
                firing.put(row.fingerprint(), row.alert());
            } else {
                firing.remove(row.fingerprint());
            }
        }
        Digest digest = new Digest(ref.channel(), ref.groupKey(), group.groupLabels(),
                deliver.stream().map(OutboxStore.Row::alert).toList(), !firing.isEmpty(), externalUrl);
        try {
            notifier.send(digest);
        } catch (Exception e) {
            handleFailure(h, ref, deliver, now, e);
            return false;
        }
        for (OutboxStore.Row row : deliver) {
            outbox.finish(h, row.id(), "sent", now);
        }
        sent.mark(deliver.size());
        long repeatMs = deliver.stream().mapToLong(OutboxStore.Row::repeatIntervalMs).min().orElse(0);
        // A group with nothing firing is over: its next alert waits group_wait again.
        outbox.saveGroup(h, ref, firing.isEmpty() ? null : now, firing, repeatMs);
        return true;
    }

    /** null: deliver; otherwise the status that records why not. */
    private String verdict(Handle h, OutboxStore.GroupRef ref, OutboxStore.Row row, List<List<LabelMatcher>> activeSilences,
            List<Inhibitor.Source> firingSources) {
        if (!row.alert().firing()) {
            // Only a page that was sent gets its resolve.
            return outbox.firingSent(h, ref.channel(), row.eventId()) ? null : "skipped";
        }
        if (silenced(row.alert().labels(), activeSilences)) {
            return "silenced";
        }
        if (inhibitor.inhibited(row.fingerprint(), row.alert().labels(), firingSources)) {
            return "inhibited";
        }
        return null;
    }

    private static boolean timersAllow(OutboxStore.Group group, List<OutboxStore.Row> rows, Instant now) {
        if (group.lastSentAt() == null) {
            Instant first = rows.stream().map(OutboxStore.Row::createdAt).min(Instant::compareTo).orElseThrow();
            long waitMs = rows.stream().mapToLong(OutboxStore.Row::groupWaitMs).min().orElse(0);
            return !now.isBefore(first.plusMillis(waitMs));
        }
        long intervalMs = rows.stream().mapToLong(OutboxStore.Row::groupIntervalMs).min().orElse(0);
        return !now.isBefore(group.lastSentAt().plusMillis(intervalMs));
    }

    private boolean repeat(Handle h, OutboxStore.GroupRef ref, Instant now) {
        OutboxStore.Group group = outbox.lockGroup(h, ref).orElse(null);
        if (group == null || group.firing().isEmpty() || group.lastSentAt() == null || !notifiers.containsKey(ref.channel())
                || now.isBefore(group.lastSentAt().plusMillis(group.repeatIntervalMs()))
                || !outbox.lockPending(h, ref, now).isEmpty()) {
            return false;
        }
        List<List<LabelMatcher>> activeSilences = silences.active(h, now);
        List<Inhibitor.Source> firingSources = inhibitor.hasRules() ? instances.firing(h) : List.of();
        List<Alert> alerts = group.firing().entrySet().stream()
                .filter(e -> !silenced(e.getValue().labels(), activeSilences))
                .filter(e -> !inhibitor.inhibited(e.getKey(), e.getValue().labels(), firingSources))
                .map(Map.Entry::getValue)
                .toList();
        if (!alerts.isEmpty()) {
            try {
                notifiers.get(ref.channel()).send(new Digest(ref.channel(), ref.groupKey(), group.groupLabels(), alerts,
                        true, externalUrl));
                sent.mark(alerts.size());
            } catch (Exception e) {
                failed.mark();
                LOG.warn("Repeat notification of group {} to channel {} failed: {}", ref.groupKey(), ref.channel(), e.toString());
                return false;
            }
        }
        outbox.saveGroup(h, ref, now, group.firing(), group.repeatIntervalMs());
        return !alerts.isEmpty();
    }

    private void handleFailure(Handle h, OutboxStore.GroupRef ref, List<OutboxStore.Row> rows, Instant now, Exception e) {
        failed.mark();
        String error = e.toString();
        LOG.warn("Delivery of group {} to channel {} failed: {}", ref.groupKey(), ref.channel(), error);
        for (OutboxStore.Row row : rows) {
            int attempts = row.attempts() + 1;
            outbox.retry(h, row.id(), attempts, now.plus(OutboxStore.backoff(initialBackoff, maxBackoff, attempts)),
                    attempts >= maxAttempts, error);
        }
    }

    private static boolean silenced(Map<String, String> labels, List<List<LabelMatcher>> activeSilences) {
        for (List<LabelMatcher> matchers : activeSilences) {
            if (LabelMatcher.all(matchers, labels)) {
                return true;
            }
        }
        return false;
    }
}
