package io.metrics.lakehouse.query.alerting.db;

import com.fasterxml.jackson.core.type.TypeReference;
import io.metrics.lakehouse.query.alerting.api.SilenceView;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** alert_silences: matchers and a time window; DELETE expires a silence (kept for the record). */
public class SilenceStore {

    private static final TypeReference<List<LabelMatcher>> MATCHERS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Json json;

    public SilenceStore(Jdbi jdbi, Json json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public UUID create(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment,
            Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO alert_silences (matchers, starts_at, ends_at, created_by, comment, created_at)
                        VALUES (CAST(:matchers AS jsonb), :startsAt, :endsAt, :createdBy, :comment, :now) RETURNING id""")
                .bind("matchers", json.write(matchers)).bind("startsAt", startsAt).bind("endsAt", endsAt)
                .bind("createdBy", createdBy).bind("comment", comment).bind("now", now)
                .mapTo(UUID.class).one());
    }

    public List<SilenceView> list(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM alert_silences ORDER BY created_at DESC, id")
                .map((rs, ctx) -> view(rs, now)).list());
    }

    public Optional<SilenceView> find(UUID id, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM alert_silences WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> view(rs, now)).findOne());
    }

    public boolean expire(UUID id, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE alert_silences SET expired_at = :now WHERE id = :id AND expired_at IS NULL AND ends_at > :now")
                .bind("id", id).bind("now", now).execute() == 1);
    }

    /** The matchers of every silence active at {@code now}. */
    public List<List<LabelMatcher>> active(Handle h, Instant now) {
        return h.createQuery("SELECT matchers FROM alert_silences WHERE starts_at <= :now AND ends_at > :now "
                        + "AND (expired_at IS NULL OR expired_at > :now)")
                .bind("now", now)
                .map((rs, ctx) -> json.read(rs.getString("matchers"), MATCHERS))
                .list();
    }

    private SilenceView view(ResultSet rs, Instant now) throws SQLException {
        Instant startsAt = Json.instant(rs, "starts_at");
        Instant endsAt = Json.instant(rs, "ends_at");
        Instant expiredAt = Json.instant(rs, "expired_at");
        Instant effectiveEnd = expiredAt != null && expiredAt.isBefore(endsAt) ? expiredAt : endsAt;
        String state = now.isBefore(startsAt) ? "pending" : now.isBefore(effectiveEnd) ? "active" : "expired";
        return new SilenceView(rs.getObject("id", UUID.class), json.read(rs.getString("matchers"), MATCHERS),
                startsAt.toString(), effectiveEnd.toString(), rs.getString("created_by"), rs.getString("comment"), state);
    }
}
