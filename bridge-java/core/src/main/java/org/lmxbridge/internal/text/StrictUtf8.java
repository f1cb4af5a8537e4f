package org.lmxbridge.internal.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that refuses invalid input instead of replacing it, and says where: text that
 * crosses from native code (the C ABI, the host engine's frames) must arrive exactly as sent.
 * Internal.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** The input is not UTF-8; {@link #offset()} is the byte where the first bad sequence starts. */
    public static final class InvalidUtf8Exception extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        InvalidUtf8Exception(int offset) {
            super("not valid UTF-8 at byte offset " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    public static String decode(byte[] b) throws InvalidUtf8Exception {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length);
        CoderResult cr = d.decode(in, out, true);
        if (!cr.isError()) cr = d.flush(out);
        if (cr.isError()) throw new InvalidUtf8Exception(in.position());
        out.flip();
        return out.toString();
    }
}
