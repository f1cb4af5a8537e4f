package org.lmxbridge.internal.nativeentry;

import java.nio.charset.StandardCharsets;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
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
            throw Msg.of("arg.notUtf8", Msg.of(what), e.offset()).error(Status.INVALID_ENCODING);
        }
        if (s.indexOf('\0') >= 0) {
            throw Msg.of("arg.nul", Msg.of(what), s.indexOf('\0')).error(Status.BAD_ARGUMENT);
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
                text = utf8(config, "arg.config");
            } catch (BridgeException e) {
                OPEN_ERROR.set(e.getMessage());
                return -e.status();
            }
            SessionTable.Opened o = TABLE.open(text);
            OPEN_ERROR.set(o.text());
            return o.status() == Status.OK ? o.handle() : -o.status();
        } catch (Throwable t) {
            OPEN_ERROR.set(Msg.of("open.internal", t).toString());
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
                cmd = utf8(command, "arg.command");
                req = utf8(request, "arg.request");
            } catch (BridgeException e) {
                return TABLE.fail(handle, e);
            }
            return TABLE.execute(handle, cmd, req);
        } catch (VirtualMachineError e) {
            // e.g. decoding a request of several MB in a small heap: the partial copies are garbage
            // now, so recording the sentence normally succeeds; if not, the status still says it
            return failQuietly(handle, Status.RESOURCE_EXHAUSTED, Msg.of("call.exhausted"));
        } catch (Throwable t) {
            return failQuietly(handle, Status.INTERNAL, t);
        }
    }

    private static int failQuietly(long handle, int status, Throwable t) {
        Msg text;
        try {
            text = Msg.of("internal.error", String.valueOf(t));
        } catch (Throwable u) {
            text = Msg.of("internal.error.plain");
        }
        return failQuietly(handle, status, text);
    }

    /** Records a status and text for the handle's next lmx_error_text; never throws. */
    private static int failQuietly(long handle, int status, Msg text) {
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
                p = utf8(pointer, "arg.pointer");
            } catch (BridgeException e) {
                TABLE.fail(handle, e);
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
                p = utf8(pointer, "arg.paramName");
                v = utf8(value, "arg.paramValue");
            } catch (BridgeException e) {
                return TABLE.fail(handle, e);
            }
            return TABLE.setParam(handle, p, v);
        } catch (VirtualMachineError e) {
            // issue 11: this returned 6 and recorded nothing (lmx_error_code 0, an empty or stale text)
            return failQuietly(handle, Status.RESOURCE_EXHAUSTED, Msg.of("call.exhausted"));
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
