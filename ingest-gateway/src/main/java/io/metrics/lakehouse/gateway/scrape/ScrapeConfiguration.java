package io.metrics.lakehouse.gateway.scrape;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DataSizeRange;
import io.dropwizard.validation.DurationRange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pull path ({@code scrape:} in the YAML): targets fetched at an interval, their samples sent down
 * the same pipeline as pushed points (validation, cardinality limit, Kafka). Off when there is no job.
 */
public class ScrapeConfiguration {

    /** Scrapes run on these threads (each scrape is one HTTP GET and one pipeline call). */
    @Min(1)
    @Max(64)
    private int threads = 2;

    /** How often file_sd files are checked for changes (and the target set reconciled). */
    @NotNull
    @DurationRange(min = 100, max = 3_600_000, unit = TimeUnit.MILLISECONDS)
    private Duration refreshInterval = Duration.seconds(5);

    @NotNull
    @DurationRange(min = 100, max = 86_400_000, unit = TimeUnit.MILLISECONDS)
    private Duration defaultInterval = Duration.seconds(15);

    @NotNull
    @DurationRange(min = 100, max = 600_000, unit = TimeUnit.MILLISECONDS)
    private Duration defaultTimeout = Duration.seconds(10);

    /** A larger exposition fails the scrape (up 0) rather than filling the heap. */
    @NotNull
    @DataSizeRange(min = 1024, max = 256L * 1024 * 1024, unit = DataSizeUnit.BYTES)
    private DataSize maxBodySize = DataSize.mebibytes(16);

    @Valid
    @NotNull
    private List<ScrapeJobConfiguration> jobs = new ArrayList<>();

    @JsonProperty
    public int getThreads() {
        return threads;
    }

    @JsonProperty
    public void setThreads(int threads) {
        this.threads = threads;
    }

    @JsonProperty
    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    @JsonProperty
    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    @JsonProperty
    public Duration getDefaultInterval() {
        return defaultInterval;
    }

    @JsonProperty
    public void setDefaultInterval(Duration defaultInterval) {
        this.defaultInterval = defaultInterval;
    }

    @JsonProperty
    public Duration getDefaultTimeout() {
        return defaultTimeout;
    }

    @JsonProperty
    public void setDefaultTimeout(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    @JsonProperty
    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    @JsonProperty
    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @JsonProperty
    public List<ScrapeJobConfiguration> getJobs() {
        return jobs;
    }

    @JsonProperty
    public void setJobs(List<ScrapeJobConfiguration> jobs) {
        this.jobs = jobs;
    }
}
