package org.lmxbridge.internal.nativeentry;

import java.nio.charset.StandardCharsets;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.StrictUtf8;

/**
 * Byte-level marshalling behind {@link NativeEntry} over one process-wide {@link SessionTable}. Every method catches every
 * Throwable: nothing crosses into native code.
 */
final class NativeSessions {
    private NativeSessions() {
    }

    /** The process-wide handle table of the in-process engine. */
    private static final SessionTable TABLE = new SessionTable();
    private static final ThreadLocal<String> OPEN_ERROR = ThreadLocal.withInitial(() -> "");
    private static final byte[] EMPTY = new byte[0];

    /** Strict UTF-8 decoding; the error names the byte offset. */
    static String utf8(byte[] b, String what) throws BridgeException {
        if (b == null) return null;
        String s;
        try {
            s = StrictUtf8.decode(b);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            throw new BridgeException(Status.INVALID_ENCODING, what + " is not valid UTF-8 at byte offset " + e.offset()
                    + "; pass UTF-8 text, or use the W (UTF-16) function for text in windows-1251");
        }
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
            String text;
            try {
                text = utf8(config, "the configuration");
            } catch (BridgeException e) {
                OPEN_ERROR.set(e.getMessage());
                return -e.status();
            }
            SessionTable.Opened o = TABLE.open(text);
            OPEN_ERROR.set(o.text());
            return o.status() == Status.OK ? o.handle() : -o.status();
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
        return TABLE.close(handle);
    }

    static int execute(long handle, byte[] command, byte[] request) {
        try {
            if (!TABLE.isOpen(handle)) return Status.INVALID_HANDLE;
            if (command == null) return TABLE.execute(handle, null, null);
            String cmd;
            String req;
            try {
                cmd = utf8(command, "the command");
                req = utf8(request, "the request");
            } catch (BridgeException e) {
                return TABLE.fail(handle, e.status(), e.getMessage());
            }
            return TABLE.execute(handle, cmd, req);
        } catch (VirtualMachineError e) {
            // e.g. decoding a request of several MB in a small heap: the partial copies are garbage
            // now, so recording the sentence normally succeeds; if not, the status still says it
            return failQuietly(handle, Status.RESOURCE_EXHAUSTED, "the bridge ran out of memory or stack during this call");
        } catch (Throwable t) {
            return failQuietly(handle, Status.INTERNAL, t);
        }
    }

    private static int failQuietly(long handle, int status, Throwable t) {
        String text;
        try {
            text = "internal error in the bridge: " + t;
        } catch (Throwable u) {
            text = "internal error in the bridge";
        }
        return failQuietly(handle, status, text);
    }

    /** Records a status and text for the handle's next lmx_error_text; never throws. */
    private static int failQuietly(long handle, int status, String text) {
        try {
            TABLE.fail(handle, status, text);
        } catch (Throwable ignored) {
            // nothing more can be done: the status is the answer
        }
        return status;
    }

    static byte[] result(long handle, byte[] pointer) {
        try {
            if (!TABLE.isOpen(handle)) return null;
            String p;
            try {
                p = utf8(pointer, "the JSON pointer");
            } catch (BridgeException e) {
                TABLE.fail(handle, e.status(), e.getMessage());
                return null;
            }
            return bytes(TABLE.result(handle, p).value());
        } catch (Throwable t) {
            return null;
        }
    }

    static int setParam(long handle, byte[] pointer, byte[] value) {
        try {
            if (!TABLE.isOpen(handle)) return Status.INVALID_HANDLE;
            String p;
            String v;
            try {
                p = utf8(pointer, "the parameter name");
                v = utf8(value, "the parameter value");
            } catch (BridgeException e) {
                return TABLE.fail(handle, e.status(), e.getMessage());
            }
            return TABLE.setParam(handle, p, v);
        } catch (VirtualMachineError e) {
            // issue 11: this returned 6 and recorded nothing (lmx_error_code 0, an empty or stale text)
            return failQuietly(handle, Status.RESOURCE_EXHAUSTED, "the bridge ran out of memory or stack during this call");
        } catch (Throwable t) {
            return failQuietly(handle, Status.INTERNAL, t);
        }
    }

    static int resetParams(long handle) {
        try {
            return TABLE.resetParams(handle);
        } catch (Throwable t) {
            return failQuietly(handle, Status.INTERNAL, t);
        }
    }

    static int errorCode(long handle) {
        return TABLE.errorCode(handle);
    }

    static byte[] errorText(long handle) {
        try {
            return bytes(TABLE.errorText(handle));
        } catch (Throwable t) {
            return EMPTY;
        }
    }

    static byte[] version() {
        try {
            return bytes(SessionTable.version());
        } catch (Throwable t) {
            return EMPTY;
        }
    }
}
