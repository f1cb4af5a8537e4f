package org.lmxbridge.internal.nativeentry;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.lmxbridge.BridgeException;
import org.lmxbridge.BridgeVersion;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;

/**
 * Handle table and byte-level marshalling behind {@link NativeEntry}. Every method catches every
 * Throwable: nothing crosses into native code.
 */
final class NativeSessions {
    private NativeSessions() {
    }

    private static final ConcurrentHashMap<Long, CommandSession> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static final ThreadLocal<String> OPEN_ERROR = ThreadLocal.withInitial(() -> "");
    private static final byte[] EMPTY = new byte[0];

    /** Strict UTF-8 decoding; the error names the byte offset. */
    static String utf8(byte[] b, String what) throws BridgeException {
        if (b == null) return null;
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length);
        java.nio.charset.CoderResult cr = d.decode(in, out, true);
        if (cr.isError()) {
            throw new BridgeException(Status.INVALID_ENCODING, what + " is not valid UTF-8 at byte offset " + in.position()
                    + "; pass UTF-8 text, or use the W (UTF-16) function for text in windows-1251");
        }
        d.flush(out);
        out.flip();
        String s = out.toString();
        if (s.indexOf('\0') >= 0) {
            throw new BridgeException(Status.BAD_ARGUMENT, what + " contains a NUL character at position " + s.indexOf('\0'));
        }
        return s;
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static long open(byte[] config) {
        try {
            if (config == null) {
                throw new BridgeException(Status.BAD_ARGUMENT, "the configuration is NULL; pass a JSON object or a file path");
            }
            CommandSession s = CommandSession.open(utf8(config, "the configuration"));
            long id = NEXT.getAndIncrement();
            SESSIONS.put(id, s);
            OPEN_ERROR.set("");
            return id;
        } catch (BridgeException e) {
            OPEN_ERROR.set(e.getMessage());
            return -e.status();
        } catch (Throwable t) {
            OPEN_ERROR.set("internal error while opening: " + t);
            return -Status.INTERNAL;
        }
    }

    static byte[] openErrorText() {
        try {
            return bytes(OPEN_ERROR.get());
        } catch (Throwable t) {
            return EMPTY;
        }
    }

    static int close(long handle) {
        try {
            CommandSession s = SESSIONS.remove(handle);
            if (s == null) return Status.INVALID_HANDLE;
            s.close();
            return Status.OK;
        } catch (Throwable t) {
            return Status.INTERNAL;
        }
    }

    static int execute(long handle, byte[] command, byte[] request) {
        CommandSession s = SESSIONS.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        try {
            if (command == null) {
                s.setError(Status.BAD_ARGUMENT, "the command is NULL; pass a command name such as \"calculate\"");
                return Status.BAD_ARGUMENT;
            }
            String cmd = utf8(command, "the command");
            String req = utf8(request, "the request");
            return s.execute(cmd, req);
        } catch (BridgeException e) {
            s.setError(e.status(), e.getMessage());
            return e.status();
        } catch (VirtualMachineError e) {
            s.setError(Status.RESOURCE_EXHAUSTED, "the bridge ran out of memory or stack during this call");
            return Status.RESOURCE_EXHAUSTED;
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, "internal error in the bridge: " + t);
            return Status.INTERNAL;
        }
    }

    static byte[] result(long handle, byte[] pointer) {
        CommandSession s = SESSIONS.get(handle);
        if (s == null) return null;
        try {
            String r = s.result(utf8(pointer, "the JSON pointer"));
            return bytes(r);
        } catch (BridgeException e) {
            // reading a result must not overwrite the error of the execute it belongs to, except to report its own failure
            s.setError(e.status(), e.getMessage());
            return null;
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, "internal error in the bridge: " + t);
            return null;
        }
    }

    static int setParam(long handle, byte[] pointer, byte[] value) {
        CommandSession s = SESSIONS.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        try {
            return s.setParam(utf8(pointer, "the parameter name"), utf8(value, "the parameter value"));
        } catch (BridgeException e) {
            s.setError(e.status(), e.getMessage());
            return e.status();
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, "internal error in the bridge: " + t);
            return Status.INTERNAL;
        }
    }

    static int resetParams(long handle) {
        CommandSession s = SESSIONS.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        try {
            s.resetParams();
            return Status.OK;
        } catch (Throwable t) {
            return Status.INTERNAL;
        }
    }

    static int errorCode(long handle) {
        CommandSession s = SESSIONS.get(handle);
        return s == null ? Status.INVALID_HANDLE : s.lastErrorCode();
    }

    static byte[] errorText(long handle) {
        try {
            CommandSession s = SESSIONS.get(handle);
            if (s == null) return bytes("the handle is not open (closed, NULL or not made by lmx_open)");
            return bytes(s.lastErrorText());
        } catch (Throwable t) {
            return EMPTY;
        }
    }

    static byte[] version() {
        try {
            return bytes(BridgeVersion.VERSION);
        } catch (Throwable t) {
            return EMPTY;
        }
    }
}
