package io.metrics.lakehouse.gateway.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DataSizeRange;
import io.dropwizard.validation.DurationRange;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ingest} section: request limits, back-pressure and acknowledgement settings of the
 * push endpoints, plus {@link ValidationSettings validation} and {@link EnrichmentSettings enrichment}.
 *
 * <pre>
 * ingest:
 *   maxRequestBytes: 16MiB     # body after gzip decompression; larger -> 413
 *   maxInFlightBytes: 256MiB   # request bytes held by all requests being processed; beyond -> 503
 *   inFlightWait: 1s           # how long a request may wait for in-flight room before the 503
 *   ackTimeout: 30s            # how long a request waits for Kafka's acknowledgement -> 503
 *   retryAfter: 5s             # Retry-After of every 503
 *   maxRecordBytes: 512KiB     # a metric's points are split into several records beyond this
 *   maxErrorsReported: 100     # per-point errors listed in a response (the counts stay exact)
 * </pre>
 */
public class IngestConfiguration {

    @NotNull
    @DataSizeRange(min = 1024, max = 1024L * 1024 * 1024, unit = DataSizeUnit.BYTES)
    private DataSize maxRequestBytes = DataSize.mebibytes(16);

    // A Semaphore counts int permits: at most 2 GiB - 1 byte.
    @NotNull
    @DataSizeRange(min = 1024, max = Integer.MAX_VALUE, unit = DataSizeUnit.BYTES)
    private DataSize maxInFlightBytes = DataSize.mebibytes(256);

    @NotNull
    @DurationRange(min = 0, max = 60, unit = TimeUnit.SECONDS)
    private Duration inFlightWait = Duration.seconds(1);

    @NotNull
    @DurationRange(min = 1, max = 600_000, unit = TimeUnit.MILLISECONDS)
    private Duration ackTimeout = Duration.seconds(30);

    @NotNull
    @DurationRange(min = 1, max = 3600, unit = TimeUnit.SECONDS)
    private Duration retryAfter = Duration.seconds(5);

    // Kafka's default broker message.max.bytes and producer max.request.size are 1 MiB.
    @NotNull
    @DataSizeRange(min = 1024, max = 64 * 1024 * 1024, unit = DataSizeUnit.BYTES)
    private DataSize maxRecordBytes = DataSize.kibibytes(512);

    @Min(0)
    @Max(100_000)
    private int maxErrorsReported = 100;

    @Valid
    @NotNull
    private ValidationSettings validation = new ValidationSettings();

    @Valid
    @NotNull
    private EnrichmentSettings enrichment = new EnrichmentSettings();

    @Valid
    @NotNull
    private OtlpSettings otlp = new OtlpSettings();

    @JsonIgnore
    @ValidationMethod(message = "maxInFlightBytes must be at least maxRequestBytes (else a request of the "
            + "maximum size could never be taken)")
    public boolean isInFlightBudgetLargeEnough() {
        return maxInFlightBytes == null || maxRequestBytes == null
                || maxInFlightBytes.toBytes() >= maxRequestBytes.toBytes();
    }

    @JsonProperty
    public DataSize getMaxRequestBytes() {
        return maxRequestBytes;
    }

    @JsonProperty
    public void setMaxRequestBytes(DataSize maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @JsonProperty
    public DataSize getMaxInFlightBytes() {
        return maxInFlightBytes;
    }

    @JsonProperty
    public void setMaxInFlightBytes(DataSize maxInFlightBytes) {
        this.maxInFlightBytes = maxInFlightBytes;
    }

    @JsonProperty
    public Duration getInFlightWait() {
        return inFlightWait;
    }

    @JsonProperty
    public void setInFlightWait(Duration inFlightWait) {
        this.inFlightWait = inFlightWait;
    }

    @JsonProperty
    public Duration getAckTimeout() {
        return ackTimeout;
    }

    @JsonProperty
    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    @JsonProperty
    public Duration getRetryAfter() {
        return retryAfter;
    }

    @JsonProperty
    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @JsonProperty
    public DataSize getMaxRecordBytes() {
        return maxRecordBytes;
    }

    @JsonProperty
    public void setMaxRecordBytes(DataSize maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @JsonProperty
    public int getMaxErrorsReported() {
        return maxErrorsReported;
    }

    @JsonProperty
    public void setMaxErrorsReported(int maxErrorsReported) {
        this.maxErrorsReported = maxErrorsReported;
    }

    @JsonProperty
    public ValidationSettings getValidation() {
        return validation;
    }

    @JsonProperty
    public void setValidation(ValidationSettings validation) {
        this.validation = validation;
    }

    @JsonProperty
    public OtlpSettings getOtlp() {
        return otlp;
    }

    @JsonProperty
    public void setOtlp(OtlpSettings otlp) {
        this.otlp = otlp;
    }

    @JsonProperty
    public EnrichmentSettings getEnrichment() {
        return enrichment;
    }

    @JsonProperty
    public void setEnrichment(EnrichmentSettings enrichment) {
        this.enrichment = enrichment;
    }
}
