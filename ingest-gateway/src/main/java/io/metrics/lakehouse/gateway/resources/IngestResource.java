package io.metrics.lakehouse.gateway.resources;

import jakarta.annotation.security.PermitAll;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metrics.lakehouse.core.MetricType;
import io.metrics.lakehouse.gateway.api.IngestResponse;
import io.metrics.lakehouse.gateway.api.PointError;
import io.metrics.lakehouse.gateway.core.BatchIds;
import io.metrics.lakehouse.gateway.core.GatewayException;
import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import io.metrics.lakehouse.gateway.core.InFlightBytes;
import io.metrics.lakehouse.gateway.core.IngestPipeline;
import io.metrics.lakehouse.gateway.core.JsonPoints;
import io.metrics.lakehouse.gateway.core.MetricNames;
import io.metrics.lakehouse.gateway.core.MetricOutcome;
import io.metrics.lakehouse.gateway.core.MetricWrite;
import io.metrics.lakehouse.gateway.core.RequestBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/ingest}: the seed's JSON push API. Thin: reads the body within the limits, maps
 * JSON to {@link MetricWrite}, runs the {@link IngestPipeline}, maps the outcome to a status:
 * 200 (every point accepted, or some rejected by validation: partial success, listed in
 * {@code errors}), 400 (nothing acceptable), 429 (new series over the metric's cardinality limit;
 * those points went to the dead-letter topic, the others were written).
 */
@PermitAll
@Path("/v1/ingest")
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

    public static final String SOURCE = "push-json";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    // Jackson's "(start marker at [Source: REDACTED ...; line: 1, column: 27])", said plainly.
    private static final Pattern START_MARKER = Pattern.compile(
            "\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)");

    // NaN/Infinity literals parse, so that a non-finite value is reported per point, not as bad JSON.
    // The fast double parser (same, correctly rounded results): parsing numbers was a tenth of the
    // gateway's CPU on /v1/ingest.
    private final JsonPoints json;
    private final IngestPipeline pipeline;
    private final InFlightBytes inFlight;
    private final int maxRequestBytes;
    private final int maxErrorsReported;
    private final long retryAfterSeconds;
    private final GatewayMetrics metrics;

    public IngestResource(ObjectMapper mapper, IngestPipeline pipeline, InFlightBytes inFlight, int maxRequestBytes,
            int maxErrorsReported, long retryAfterSeconds, GatewayMetrics metrics) {
        this.json = new JsonPoints(mapper.copy()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature()));
        this.pipeline = pipeline;
        this.inFlight = inFlight;
        this.maxRequestBytes = maxRequestBytes;
        this.maxErrorsReported = maxErrorsReported;
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response ingest(@HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKeyHeader,
            InputStream in) {
        var idempotencyKey = BatchIds.idempotencyKey(idempotencyKeyHeader);
        try (RequestBody body = RequestBody.read(in, contentEncoding, contentLength == null ? -1 : contentLength,
                maxRequestBytes, inFlight, retryAfterSeconds)) {
            JsonPoints.Request request = parse(body);
            MetricWrite write = toWrite(request, BatchIds.base(idempotencyKey, SOURCE, body.bytes(), body.length()));
            MetricOutcome outcome = pipeline.ingest(List.of(write), SOURCE).get(0);
            metrics.points(SOURCE, outcome.accepted(), outcome.errors());
            return answer(outcome);
        }
    }

    private JsonPoints.Request parse(RequestBody body) {
        if (body.length() == 0) {
            throw GatewayException.badRequest("request body is empty; expected {\"metric\":...,\"points\":[...]}");
        }
        try {
            JsonPoints.Request request = json.read(body.bytes(), body.length());
            if (request == null) {
                throw GatewayException.badRequest("request body must be a JSON object");
            }
            return request;
        } catch (JsonPoints.UnknownField e) {
            throw GatewayException.badRequest("unknown field '" + e.field() + "' at " + e.path()
                    + "; known fields: metric, type, points[].timestamp, points[].value, points[].tags");
        } catch (JsonPoints.WrongType e) {
            throw GatewayException.badRequest(e.getMessage());
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw GatewayException.badRequest("malformed JSON" + (location == null ? "" : " at line "
                    + location.getLineNr() + ", column " + location.getColumnNr()) + ": "
                    + START_MARKER.matcher(e.getOriginalMessage()).replaceAll(" (opened at line $1, column $2)"));
        } catch (IOException e) {
            throw GatewayException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    private static MetricWrite toWrite(JsonPoints.Request request, String batchId) {
        MetricNames.problem(request.metric()).ifPresent(problem -> {
            throw GatewayException.badRequest(problem);
        });
        MetricType type = MetricType.GAUGE;
        if (request.type() != null) {
            type = MetricType.fromLabel(request.type()).orElseThrow(() -> GatewayException.badRequest(
                    "type '" + request.type() + "' is not one of gauge, counter, histogram-summary"));
        }
        if (!request.hasPoints()) {
            throw GatewayException.badRequest("points is required and must not be empty");
        }
        return new MetricWrite(request.metric(), type, request.points(), request.errors(), batchId);
    }

    private Response answer(MetricOutcome outcome) {
        List<PointError> errors = outcome.errors().size() > maxErrorsReported
                ? outcome.errors().subList(0, maxErrorsReported)
                : outcome.errors();
        IngestResponse body = new IngestResponse(outcome.accepted(), outcome.rejected(), List.copyOf(errors),
                outcome.cardinality().orElse(null));
        int status = outcome.cardinality().isPresent() ? 429 : outcome.accepted() == 0 ? 400 : 200;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
