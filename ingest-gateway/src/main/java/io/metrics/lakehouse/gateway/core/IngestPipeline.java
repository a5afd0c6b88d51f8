package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.gateway.api.CardinalityLimit;
import io.metrics.lakehouse.gateway.api.PointError;
import io.metrics.lakehouse.gateway.db.MetricDefinition;
import io.metrics.lakehouse.gateway.db.MetricRegistry;
import io.metrics.lakehouse.gateway.db.SeriesAdmission;
import io.metrics.lakehouse.gateway.kafka.PointPublisher;
import io.metrics.lakehouse.gateway.kafka.PointPublisher.Outgoing;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import java.time.Clock;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.JdbiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The path every protocol shares: registry lookup (implicit creation), validation and
 * normalization, cardinality admission, encoding, and the durable write of accepted points and
 * dead letters. Returns only after Kafka acknowledged every record of the request; throws a 503
 * {@link GatewayException} otherwise (Kafka) or when the control-plane database is unreachable.
 */
public class IngestPipeline {

    private final MetricRegistry registry;
    private final SeriesAdmission admission;
    private final PointNormalizer normalizer;
    private final BatchEncoder encoder;
    private final PointPublisher publisher;
    private final String pointsTopic;
    private final String deadLetterTopic;
    private final Clock clock;
    private final long retryAfterSeconds;

    public IngestPipeline(MetricRegistry registry, SeriesAdmission admission, PointNormalizer normalizer,
            BatchEncoder encoder, PointPublisher publisher, String pointsTopic, String deadLetterTopic, Clock clock,
            long retryAfterSeconds) {
        this.registry = registry;
        this.admission = admission;
        this.normalizer = normalizer;
        this.encoder = encoder;
        this.publisher = publisher;
        this.pointsTopic = pointsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.clock = clock;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public List<MetricOutcome> ingest(List<MetricWrite> writes, String source) {
        long now = clock.millis();
        List<Outgoing> records = new ArrayList<>();
        List<MetricOutcome> outcomes = new ArrayList<>(writes.size());
        for (MetricWrite write : writes) {
            outcomes.add(prepare(write, source, now, records));
        }
        publisher.publishAll(records);
        return outcomes;
    }

    private MetricOutcome prepare(MetricWrite write, String source, long now, List<Outgoing> records) {
        List<PointError> errors = new ArrayList<>(write.decodeErrors());
        String metric = write.metric();
        MetricDefinition definition = controlPlane(() -> registry.getOrCreate(metric, write.type()));
        Set<String> allowlist = normalizer.allowlistOf(definition);

        PointNormalizer.Scope scope = normalizer.scope(metric, allowlist, now);
        Map<Long, SeriesGroup> series = new LinkedHashMap<>();
        for (RawPoint raw : write.points()) {
            PointNormalizer.Result result = scope.normalize(raw);
            if (result.error() != null) {
                errors.add(result.error());
                continue;
            }
            NormalizedSeries valid = result.series();
            series.computeIfAbsent(valid.seriesId(), id -> new SeriesGroup(valid))
                    .add(raw.index(), raw.timestampMillis(), raw.value());
        }

        int accepted = 0;
        Optional<CardinalityLimit> limitHit = Optional.empty();
        if (!series.isEmpty()) {
            SeriesAdmission.Result admitted = controlPlane(() -> admission.admit(definition, series.keySet()));
            List<SeriesGroup> refused = new ArrayList<>();
            List<SeriesGroup> kept = new ArrayList<>();
            for (SeriesGroup group : series.values()) {
                (admitted.rejected().contains(group.seriesId()) ? refused : kept).add(group);
            }
            if (!refused.isEmpty()) {
                String detail = "metric " + metric + " has " + admitted.seriesCount() + " series, limit "
                        + admitted.limit();
                for (SeriesGroup group : refused) {
                    for (int i = 0; i < group.size(); i++) {
                        errors.add(new PointError(group.index(i), PointError.CARDINALITY_LIMIT,
                                "new series " + group.tags() + " would exceed the cardinality limit: " + detail));
                    }
                }
                for (RejectedBatch batch : encoder.rejected(write.batchId(), metric, source, now,
                        PointError.CARDINALITY_LIMIT, detail, refused)) {
                    records.add(new Outgoing(deadLetterTopic, metric, batch.toByteArray()));
                }
                limitHit = Optional.of(new CardinalityLimit(metric, admitted.limit(), admitted.seriesCount()));
            }
            for (byte[] batch : encoder.points(write.batchId(), metric, definition.type().toWire(), source,
                    now, kept)) {
                records.add(new Outgoing(pointsTopic, metric, batch));
            }
            for (SeriesGroup group : kept) {
                accepted += group.size();
            }
        }
        errors.sort(Comparator.comparingInt(PointError::index));
        return new MetricOutcome(metric, accepted, errors.size(), errors, limitHit);
    }

    /** Runs a registry call; an unreachable database is a 503 the client retries, not a 500. */
    private <T> T controlPlane(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (JdbiException | FlywayException e) {
            throw GatewayException.unavailable("the control-plane database is unavailable ("
                    + e.getClass().getSimpleName() + "); nothing was acknowledged, retry the request",
                    retryAfterSeconds, e);
        }
    }
}
