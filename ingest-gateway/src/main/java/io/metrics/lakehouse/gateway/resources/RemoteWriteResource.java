package io.metrics.lakehouse.gateway.resources;

import jakarta.annotation.security.PermitAll;
import com.google.protobuf.InvalidProtocolBufferException;
import io.metrics.lakehouse.gateway.api.WriteResponse;
import io.metrics.lakehouse.gateway.core.BatchIds;
import io.metrics.lakehouse.gateway.core.GatewayException;
import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import io.metrics.lakehouse.gateway.core.InFlightBytes;
import io.metrics.lakehouse.gateway.core.IngestPipeline;
import io.metrics.lakehouse.gateway.core.RemoteWriteDecoder;
import io.metrics.lakehouse.gateway.core.RequestBody;
import io.metrics.lakehouse.gateway.core.SnappyBody;
import io.metrics.lakehouse.gateway.core.WriteOutcome;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Locale;

/**
 * {@code POST /api/v1/write}: Prometheus remote_write 1.0 (snappy block-compressed protobuf
 * {@code WriteRequest}). Thin: reads and inflates the body within the limits, decodes it with
 * {@link RemoteWriteDecoder}, runs the shared {@link IngestPipeline} and answers as Prometheus'
 * queue manager expects: 204 when every sample was accepted (stale markers dropped), 400 when some
 * were rejected (bad data: the sender must not resend it; the accepted ones are durable), 503 +
 * Retry-After when Kafka or PostgreSQL is unavailable or memory is short (the sender retries the
 * same body, which derives the same batch ids).
 *
 * <p>A series over its metric's cardinality limit is a 400 here, not the 429 of {@code /v1/ingest}:
 * Prometheus treats 429 as "retry" only with {@code retry_on_http_429}, and retrying cannot help
 * until an operator raises the limit, while it would block the sender's queue.
 */
@PermitAll
@Path("/api/v1/write")
@Produces(MediaType.APPLICATION_JSON)
public class RemoteWriteResource {

    public static final String SOURCE = "prometheus-remote-write";
    public static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";

    private final IngestPipeline pipeline;
    private final InFlightBytes inFlight;
    private final int maxRequestBytes;
    private final int maxErrorsReported;
    private final long retryAfterSeconds;
    private final GatewayMetrics metrics;

    public RemoteWriteResource(IngestPipeline pipeline, InFlightBytes inFlight, int maxRequestBytes,
            int maxErrorsReported, long retryAfterSeconds, GatewayMetrics metrics) {
        this.pipeline = pipeline;
        this.inFlight = inFlight;
        this.maxRequestBytes = maxRequestBytes;
        this.maxErrorsReported = maxErrorsReported;
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response write(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(VERSION_HEADER) String version,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @HeaderParam(IngestResource.IDEMPOTENCY_KEY) String idempotencyKeyHeader,
            InputStream in) {
        checkProtocol(contentType, contentEncoding, version);
        var idempotencyKey = BatchIds.idempotencyKey(idempotencyKeyHeader);
        // The compressed body is read as it is (no Content-Encoding handling by RequestBody), then inflated.
        try (RequestBody compressed = RequestBody.read(in, null, contentLength == null ? -1 : contentLength,
                maxRequestBytes, inFlight, retryAfterSeconds);
                SnappyBody body = SnappyBody.decompress(compressed, maxRequestBytes, inFlight, retryAfterSeconds)) {
            String batchId = BatchIds.base(idempotencyKey, SOURCE, body.bytes(), body.bytes().length);
            RemoteWriteDecoder.Decoded decoded = decode(body.bytes(), batchId);
            WriteOutcome outcome = WriteOutcome.of(pipeline.ingest(decoded.writes(), SOURCE), decoded.errors());
            metrics.points(SOURCE, outcome.accepted(), outcome.errors());
            metrics.dropped(SOURCE, "stale_marker", decoded.staleMarkers());
            if (outcome.rejected() == 0) {
                return Response.noContent().build();
            }
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new WriteResponse(outcome.accepted(), outcome.rejected(),
                            outcome.reportedErrors(maxErrorsReported), outcome.cardinality()))
                    .build();
        }
    }

    /**
     * remote_write 1.0 only: a 2.0 sender (Content-Type with {@code proto=io.prometheus.write.v2.Request})
     * gets 415, which the 2.0 spec defines as "fall back to 1.0".
     */
    private static void checkProtocol(String contentType, String contentEncoding, String version) {
        if (contentType != null && contentType.contains("io.prometheus.write.v2")) {
            throw GatewayException.unsupportedMediaType("remote_write 2.0 (" + contentType + ") is not supported; "
                    + "send remote_write 1.0 (Content-Type: application/x-protobuf)");
        }
        if (contentEncoding != null && !contentEncoding.isBlank()
                && !"snappy".equals(contentEncoding.trim().toLowerCase(Locale.ROOT))) {
            throw GatewayException.badRequest("unsupported Content-Encoding '" + contentEncoding
                    + "': remote_write bodies are snappy block-compressed");
        }
        if (version != null && !version.isBlank() && !version.trim().startsWith("0.1.")) {
            throw GatewayException.badRequest(VERSION_HEADER + " '" + version + "' is not supported (0.1.0)");
        }
    }

    private static RemoteWriteDecoder.Decoded decode(byte[] bytes, String batchId) {
        try {
            return RemoteWriteDecoder.decode(bytes, batchId);
        } catch (InvalidProtocolBufferException e) {
            throw GatewayException.badRequest("the snappy-inflated body is not a protobuf WriteRequest: "
                    + e.getMessage());
        }
    }
}
