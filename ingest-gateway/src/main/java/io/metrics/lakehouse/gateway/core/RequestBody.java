package io.metrics.lakehouse.gateway.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request body read into memory: gunzipped when {@code Content-Encoding: gzip}, never more than
 * {@code maxBytes} after decompression (413; this also defuses gzip bombs), its bytes counted
 * against {@link InFlightBytes} chunk by chunk while reading (503 when there is no room). Close it
 * once the request is answered to give the bytes back.
 */
public final class RequestBody implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final byte[] bytes;
    private final int length;
    private final InFlightBytes inFlight;
    private int held;

    private RequestBody(byte[] bytes, int length, InFlightBytes inFlight, int held) {
        this.bytes = bytes;
        this.length = length;
        this.inFlight = inFlight;
        this.held = held;
    }

    public static RequestBody read(InputStream in, String contentEncoding, long contentLength, int maxBytes,
            InFlightBytes inFlight, long retryAfterSeconds) {
        boolean gzip = isGzip(contentEncoding);
        if (contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        int held = 0;
        try (InputStream source = gzip ? new GZIPInputStream(in, CHUNK) : in) {
            byte[] buffer = new byte[(int) Math.min(maxBytes, contentLength > 0 && !gzip ? contentLength : CHUNK)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    // All the bytes announced (or the limit) are in: only the end of the stream may
                    // follow, so look for it before copying the buffer into one twice its size.
                    if (length == maxBytes || length == contentLength && !gzip) {
                        if (source.read() < 0) {
                            break;
                        }
                        if (length == maxBytes) {
                            throw tooLarge(maxBytes);
                        }
                        // HTTP framing (the server) never lets this happen; said plainly if it does.
                        throw GatewayException.badRequest("request body is longer than its Content-Length ("
                                + contentLength + ")");
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max(CHUNK, 2L * buffer.length)));
                }
                int want = Math.min(CHUNK, buffer.length - length);
                // Room for the next chunk before reading it: memory is taken only with a permit.
                if (length + want > held) {
                    int more = length + want - held;
                    if (!inFlight.tryAcquire(more)) {
                        throw GatewayException.overloaded("the gateway is at its in-flight limit of "
                                + inFlight.capacity() + " request bytes (ingest.maxInFlightBytes); retry later",
                                retryAfterSeconds);
                    }
                    held += more;
                }
                int n = source.read(buffer, length, want);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            RequestBody body = new RequestBody(buffer, length, inFlight, held);
            held = 0;
            return body;
        } catch (ZipException e) {
            throw GatewayException.badRequest("Content-Encoding is gzip but the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw GatewayException.badRequest("could not read the request body: " + e.getMessage());
        } finally {
            inFlight.release(held);
        }
    }

    private static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return false;
        }
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            return true;
        }
        if (encoding.equals("identity")) {
            return false;
        }
        throw GatewayException.badRequest("unsupported Content-Encoding '" + contentEncoding + "' (gzip or identity)");
    }

    private static GatewayException tooLarge(int maxBytes) {
        return GatewayException.tooLarge("request body larger than " + maxBytes
                + " bytes (ingest.maxRequestBytes, counted after decompression)");
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    @Override
    public void close() {
        inFlight.release(held);
        held = 0;
    }
}
