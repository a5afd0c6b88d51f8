package io.metrics.lakehouse.gateway.core;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * A snappy block-compressed body (Prometheus remote_write) decompressed into memory. The
 * uncompressed size is read from the block's header first: beyond {@code maxBytes} it is a 413
 * without inflating anything (snappy bombs), and its bytes are taken from the {@link InFlightBytes}
 * budget before the buffer is allocated. Close it once the request is answered.
 */
public final class SnappyBody implements AutoCloseable {

    private final byte[] bytes;
    private final InFlightBytes inFlight;
    private int held;

    private SnappyBody(byte[] bytes, InFlightBytes inFlight, int held) {
        this.bytes = bytes;
        this.inFlight = inFlight;
        this.held = held;
    }

    public static SnappyBody decompress(RequestBody body, int maxBytes, InFlightBytes inFlight,
            long retryAfterSeconds) {
        int length;
        try {
            length = Snappy.uncompressedLength(body.bytes(), 0, body.length());
        } catch (IOException e) {
            throw notSnappy(e);
        }
        if (length > maxBytes) {
            throw GatewayException.tooLarge("the snappy body declares " + length + " uncompressed bytes, more "
                    + "than ingest.maxRequestBytes (" + maxBytes + "); lower queue_config.max_samples_per_send");
        }
        if (!inFlight.tryAcquire(length)) {
            throw GatewayException.unavailable("the gateway is at its in-flight limit of " + inFlight.capacity()
                    + " request bytes (ingest.maxInFlightBytes); retry later", retryAfterSeconds, null);
        }
        try {
            byte[] bytes = new byte[length];
            int n = Snappy.uncompress(body.bytes(), 0, body.length(), bytes, 0);
            if (n != length) {
                throw GatewayException.badRequest("the snappy body inflated to " + n + " bytes, its header says "
                        + length);
            }
            return new SnappyBody(bytes, inFlight, length);
        } catch (IOException e) {
            inFlight.release(length);
            throw notSnappy(e);
        } catch (RuntimeException e) {
            inFlight.release(length);
            throw e;
        }
    }

    private static GatewayException notSnappy(IOException e) {
        return GatewayException.badRequest("the body is not snappy block-compressed protobuf (remote_write 1.0): "
                + e.getMessage());
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public void close() {
        inFlight.release(held);
        held = 0;
    }
}
