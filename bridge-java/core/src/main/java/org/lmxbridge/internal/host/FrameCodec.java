package org.lmxbridge.internal.host;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import org.lmxbridge.internal.text.StrictUtf8;

/**
 * The host protocol's framing (see {@code docs/host-protocol.md}): a 4-byte big-endian unsigned
 * length, then that many bytes of UTF-8 JSON. Used by the host and by {@link HostClient}. Internal.
 */
public final class FrameCodec {
    private FrameCodec() {
    }

    /** Default largest frame payload accepted: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;
    /** Default time allowed for the rest of a frame once its first byte arrived: 30 s. */
    public static final int DEFAULT_FRAME_TIMEOUT_MS = 30_000;

    /** The peer announced a frame larger than allowed; the connection cannot be resynchronised. */
    public static final class FrameTooLargeException extends IOException {
        private final long length;

        FrameTooLargeException(long length, int max) {
            super("a frame of " + length + " bytes is larger than the limit of " + max + " bytes");
            this.length = length;
        }

        public long length() {
            return length;
        }
    }

    /** The peer started a frame and did not finish it in time. */
    public static final class StalledFrameException extends IOException {
        StalledFrameException(int timeoutMs, long got, long expected) {
            super("a frame was not completed within " + timeoutMs + " ms (" + got + " of " + expected + " bytes)");
        }
    }

    /** Writes one frame (header and payload in one write). */
    public static void write(OutputStream out, byte[] payload) throws IOException {
        byte[] frame = new byte[4 + payload.length];
        int n = payload.length;
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        System.arraycopy(payload, 0, frame, 4, n);
        out.write(frame);
        out.flush();
    }

    /**
     * Strict UTF-8 decoding (no replacement characters).
     * @throws CharacterCodingException naming the byte offset of the first invalid sequence
     */
    public static String decodeUtf8(byte[] b) throws CharacterCodingException {
        try {
            return StrictUtf8.decode(b);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            throw new CharacterCodingException() {
                private static final long serialVersionUID = 1L;

                @Override
                public String getMessage() {
                    return "the frame is not valid UTF-8 at byte offset " + e.offset();
                }
            };
        }
    }

    /**
     * Reads frames from one socket. Waiting for the first byte of a frame is bounded by the timeout
     * given to {@link #read} (0 = wait for ever: an idle connection is fine); once it arrived the
     * whole rest of the frame must arrive within the frame timeout. The payload buffer grows with
     * the bytes actually received, so an announced length costs no memory until it is sent.
     */
    public static final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final int maxFrameBytes;
        private final int frameTimeoutMs;

        public Reader(Socket socket, int maxFrameBytes, int frameTimeoutMs) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.maxFrameBytes = maxFrameBytes;
            this.frameTimeoutMs = frameTimeoutMs;
        }

        /**
         * The next frame's payload, or null when the peer closed the connection between frames.
         * @param firstByteTimeoutMs how long to wait for the frame to start, 0 = for ever
         * @throws SocketTimeoutException no frame started in time
         * @throws FrameTooLargeException the announced length exceeds the limit
         * @throws StalledFrameException the frame started but did not complete in time
         * @throws EOFException the peer closed the connection in the middle of a frame
         */
        public byte[] read(int firstByteTimeoutMs) throws IOException {
            socket.setSoTimeout(firstByteTimeoutMs);
            int first = in.read();
            if (first < 0) return null;
            long deadline = System.nanoTime() + frameTimeoutMs * 1_000_000L;
            byte[] header = new byte[4];
            header[0] = (byte) first;
            readFully(header, 1, 3, deadline, 4);
            long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
            if (length > maxFrameBytes) throw new FrameTooLargeException(length, maxFrameBytes);
            int len = (int) length;
            byte[] buf = new byte[Math.min(len, 64 * 1024)];
            int got = 0;
            while (got < len) {
                if (got == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(len, buf.length * 2L));
                got += readSome(buf, got, buf.length - got, deadline, got, len);
            }
            return buf;
        }

        private void readFully(byte[] b, int off, int n, long deadline, long expected) throws IOException {
            int done = 0;
            while (done < n) done += readSome(b, off + done, n - done, deadline, off + done, expected);
        }

        private int readSome(byte[] b, int off, int n, long deadline, long got, long expected) throws IOException {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) throw new StalledFrameException(frameTimeoutMs, got, expected);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            int r;
            try {
                r = in.read(b, off, n);
            } catch (SocketTimeoutException e) {
                throw new StalledFrameException(frameTimeoutMs, got, expected);
            }
            if (r < 0) throw new EOFException("the connection was closed in the middle of a frame (" + got + " of " + expected + " bytes)");
            return r;
        }
    }
}
