package io.metrics.lakehouse.query.backfill;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.concurrent.TimeUnit;

/**
 * {@code backfills}: limits of {@code POST /v1/backfills} and {@code GET /v1/backfills}.
 *
 * <pre>
 * backfills:
 *   maxRange: 400d     # longest [start, end) one request may cover (after rounding out to hours)
 *   listLimit: 100     # most recent requests GET /v1/backfills returns
 * </pre>
 */
public class BackfillConfiguration {

    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration maxRange = Duration.days(400);

    @Min(1)
    @Max(1000)
    private int listLimit = 100;

    @JsonProperty
    public Duration getMaxRange() {
        return maxRange;
    }

    @JsonProperty
    public void setMaxRange(Duration maxRange) {
        this.maxRange = maxRange;
    }

    @JsonProperty
    public int getListLimit() {
        return listLimit;
    }

    @JsonProperty
    public void setListLimit(int listLimit) {
        this.listLimit = listLimit;
    }
}
