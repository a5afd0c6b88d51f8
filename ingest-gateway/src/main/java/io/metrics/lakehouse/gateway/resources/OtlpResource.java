package io.metrics.lakehouse.gateway.resources;

import jakarta.annotation.security.PermitAll;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metrics.lakehouse.gateway.api.PointError;
import io.metrics.lakehouse.gateway.core.BatchIds;
import io.metrics.lakehouse.gateway.core.GatewayException;
import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import io.metrics.lakehouse.gateway.core.InFlightBytes;
import io.metrics.lakehouse.gateway.core.IngestPipeline;
import io.metrics.lakehouse.gateway.core.OtlpDecoder;
import io.metrics.lakehouse.gateway.core.RequestBody;
import io.metrics.lakehouse.gateway.core.WriteOutcome;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/metrics}: OTLP/HTTP metrics, binary protobuf ({@code application/x-protobuf}) or
 * JSON ({@code application/json}, OTLP's JSON encoding), optionally gzip. The answer uses the
 * request's encoding. Thin: reads the body, decodes it with {@link OtlpDecoder}, runs the shared
 * {@link IngestPipeline} and answers per the OTLP/HTTP spec:
 *
 * <ul>
 *   <li>200 + {@code ExportMetricsServiceResponse}; when data points were rejected (validation,
 *       cardinality limit, unsupported kinds) its {@code partial_success} carries
 *       {@code rejected_data_points} and an {@code error_message} with the first reasons. Rejected
 *       data points must not be retried, so this is never a 4xx/429.</li>
 *   <li>400 (undecodable body), 413 (too large), 415 (neither protobuf nor JSON), 503 + Retry-After (Kafka or
 *       PostgreSQL unavailable, no in-flight room: the exporter retries), each with a
 *       {@code google.rpc.Status} protobuf body as the spec asks.</li>
 * </ul>
 */
@PermitAll
@Path("/v1/metrics")
public class OtlpResource {

    public static final String SOURCE = "otlp";
    public static final MediaType PROTOBUF = new MediaType("application", "x-protobuf");
    /** OTLP/HTTP's JSON encoding: protobuf's canonical JSON mapping with the spec's relaxations. */
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer();
    private static final ObjectMapper STATUS_JSON = new ObjectMapper();
    /** Reasons listed in a partial success's error_message (the count is always exact). */
    static final int MAX_REASONS = 10;

    private final IngestPipeline pipeline;
    private final InFlightBytes inFlight;
    private final int maxRequestBytes;
    private final long retryAfterSeconds;
    private final Map<String, String> resourceAttributes;
    private final GatewayMetrics metrics;

    public OtlpResource(IngestPipeline pipeline, InFlightBytes inFlight, int maxRequestBytes, long retryAfterSeconds,
            Map<String, String> resourceAttributes, GatewayMetrics metrics) {
        this.pipeline = pipeline;
        this.inFlight = inFlight;
        this.maxRequestBytes = maxRequestBytes;
        this.retryAfterSeconds = retryAfterSeconds;
        this.resourceAttributes = Map.copyOf(resourceAttributes);
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response export(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @HeaderParam(IngestResource.IDEMPOTENCY_KEY) String idempotencyKeyHeader,
            InputStream in) {
        boolean json = false;
        try {
            json = contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
            if (contentType != null && !json && !MediaType.valueOf(contentType).isCompatible(PROTOBUF)) {
                throw GatewayException.unsupportedMediaType("Content-Type '" + contentType
                        + "' is not supported; send OTLP/HTTP as binary protobuf (application/x-protobuf) or JSON "
                        + "(application/json)");
            }
            var idempotencyKey = BatchIds.idempotencyKey(idempotencyKeyHeader);
            try (RequestBody body = RequestBody.read(in, contentEncoding, contentLength == null ? -1 : contentLength,
                    maxRequestBytes, inFlight, retryAfterSeconds)) {
                ExportMetricsServiceRequest request = json ? parseJson(body) : parse(body);
                String batchId = BatchIds.base(idempotencyKey, SOURCE, body.bytes(), body.length());
                OtlpDecoder.Decoded decoded = OtlpDecoder.decode(request, batchId, resourceAttributes);
                WriteOutcome outcome = WriteOutcome.of(pipeline.ingest(decoded.writes(), SOURCE), decoded.errors());
                metrics.points(SOURCE, outcome.accepted(), outcome.errors());
                metrics.dropped(SOURCE, "no_recorded_value", decoded.noRecordedValue());
                ExportMetricsServiceResponse response = response(outcome);
                return json
                        ? Response.ok(JSON_PRINTER.print(response), MediaType.APPLICATION_JSON_TYPE).build()
                        : Response.ok(response.toByteArray(), PROTOBUF).build();
            }
        } catch (GatewayException e) {
            return error(e, json);
        } catch (InvalidProtocolBufferException e) {
            // Printing a response cannot fail for these messages (no Any fields).
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            return error(GatewayException.badRequest("malformed Content-Type '" + contentType + "'"), false);
        }
    }

    /**
     * OTLP's JSON encoding is protobuf's JSON mapping (lowerCamelCase keys, the original snake_case
     * names accepted too; int64 as decimal strings or numbers; enums as integers); unknown fields
     * are ignored as the spec requires. Exemplar trace and span ids are hex there, not base64; they
     * are dropped anyway.
     */
    private static ExportMetricsServiceRequest parseJson(RequestBody body) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8), request);
            return request.build();
        } catch (InvalidProtocolBufferException e) {
            throw GatewayException.badRequest("the body is not an OTLP JSON ExportMetricsServiceRequest: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            // JsonFormat reports some malformed input (e.g. a number out of range) unchecked.
            throw GatewayException.badRequest("the body is not an OTLP JSON ExportMetricsServiceRequest: "
                    + e.getMessage());
        }
    }

    private static ExportMetricsServiceRequest parse(RequestBody body) {
        try {
            return ExportMetricsServiceRequest.parseFrom(
                    com.google.protobuf.CodedInputStream.newInstance(body.bytes(), 0, body.length()));
        } catch (InvalidProtocolBufferException e) {
            throw GatewayException.badRequest("the body is not a protobuf ExportMetricsServiceRequest: "
                    + e.getMessage());
        } catch (IOException e) {
            throw GatewayException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** Rejected data points: the distinct data point indexes among the errors. */
    static ExportMetricsServiceResponse response(WriteOutcome outcome) {
        if (outcome.rejected() == 0) {
            return ExportMetricsServiceResponse.getDefaultInstance();
        }
        long rejectedDataPoints = outcome.errors().stream().mapToInt(PointError::index).distinct().count();
        List<PointError> first = outcome.reportedErrors(MAX_REASONS);
        String reasons = first.stream()
                .map(e -> "data point " + e.index() + ": " + e.reason() + ": " + e.message())
                .collect(Collectors.joining("; "));
        String message = rejectedDataPoints + " data point(s) rejected (" + outcome.rejected() + " of the series "
                + "points they map to); " + reasons + (outcome.rejected() > first.size() ? "; ..." : "");
        return ExportMetricsServiceResponse.newBuilder()
                .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(rejectedDataPoints)
                        .setErrorMessage(message))
                .build();
    }

    /**
     * An error as OTLP/HTTP wants it: the HTTP status, a google.rpc.Status body in the request's
     * encoding, Retry-After on 503.
     */
    private static Response error(GatewayException e, boolean json) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(json ? MediaType.APPLICATION_JSON_TYPE : PROTOBUF)
                .entity(json ? jsonStatus(grpcCode(e.status()), e.getMessage())
                        : rpcStatus(grpcCode(e.status()), e.getMessage()));
        e.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.build();
    }

    private static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> 3;  // INVALID_ARGUMENT
            case 413, 429 -> 8;  // RESOURCE_EXHAUSTED
            case 503 -> 14;      // UNAVAILABLE
            default -> 2;        // UNKNOWN
        };
    }

    /** {@code google.rpc.Status} in protobuf's JSON mapping: {@code {"code":3,"message":"..."}}. */
    static String jsonStatus(int code, String message) {
        return STATUS_JSON.createObjectNode().put("code", code).put("message", message).toString();
    }

    /**
     * {@code google.rpc.Status {int32 code = 1; string message = 2;}} encoded by hand: the
     * message is two fields, not worth the common-protos dependency.
     */
    static byte[] rpcStatus(int code, String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
