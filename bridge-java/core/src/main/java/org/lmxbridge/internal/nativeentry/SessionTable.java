package org.lmxbridge.internal.nativeentry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.lmxbridge.BridgeException;
import org.lmxbridge.BridgeVersion;
import org.lmxbridge.CommandSession;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;

/**
 * A table of open {@link CommandSession}s by handle id, with the semantics of the native
 * operations ({@link NativeEntry}) on decoded text. {@link NativeEntry} uses one process-wide
 * table; the host engine ({@code org.lmxbridge.internal.host}) uses one table per connection, with
 * handle numbers drawn from one host-wide counter so a handle of one connection is never valid on
 * another. Internal.
 *
 * <p>No method throws: every {@link Throwable} becomes a status (and, where there is a session, its
 * error text). A handle is used by one thread at a time (as {@link CommandSession} requires); the
 * table itself is thread-safe.
 */
public final class SessionTable {
    /** The outcome of {@link #open}: a handle &gt; 0 with status 0, or handle 0 with a status and text. */
    public record Opened(long handle, int status, String text) {
    }

    /** The outcome of {@link #result}: the value (status 0) or null with the status (8, 13, 14, 1, …). */
    public record Value(String value, int status) {
    }

    /** The text for a handle that is not open here: no session, so no configuration says the language. */
    static final Msg NOT_OPEN_TEXT = Msg.of("handle.notOpen");

    private final ConcurrentHashMap<Long, CommandSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong next;

    /** A table with its own handle counter (starting at 1). */
    public SessionTable() {
        this(new AtomicLong(1));
    }

    /** A table drawing handle numbers from a shared counter. */
    public SessionTable(AtomicLong handleCounter) {
        this.next = handleCounter;
    }

    /**
     * Checks decoded text as the C side's strict UTF-8 check would: no NUL character (a C string
     * cannot hold one) and no unpaired surrogate (which JSON escapes such as {@code \ud800} can
     * produce). {@code null} passes (it means NULL).
     */
    public static String checkText(String s, String what) throws BridgeException {
        if (s == null) return null;
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            throw Msg.of("arg.nul", Msg.of(what), nul).error(Status.BAD_ARGUMENT);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw Msg.of("arg.surrogate", Msg.of(what), i).error(Status.INVALID_ENCODING);
            }
            if (Character.isLowSurrogate(c)) {
                throw Msg.of("arg.surrogate", Msg.of(what), i).error(Status.INVALID_ENCODING);
            }
        }
        return s;
    }

    /** Opens a session; {@code config} is a JSON object or a file path, null means NULL. */
    public Opened open(String config) {
        return open(config, Language.DEFAULT);
    }

    /**
     * As {@link #open(String)}; {@code fallback} is the language of the texts when the configuration
     * does not say one (or cannot be read at all); a failure's text is in the configuration's language.
     */
    public Opened open(String config, Language fallback) {
        Language lang = fallback == null ? Language.DEFAULT : fallback;
        try {
            if (config == null) throw Msg.of("open.configNull").error(Status.BAD_ARGUMENT);
            BridgeConfig cfg = BridgeConfig.parse(checkText(config, "arg.config"), lang);
            lang = cfg.language();
            CommandSession s = CommandSession.open(cfg);
            long id = next.getAndIncrement();
            sessions.put(id, s);
            return new Opened(id, Status.OK, "");
        } catch (BridgeException e) {
            return new Opened(0, e.status(), e.message(lang));
        } catch (VirtualMachineError e) {
            return new Opened(0, Status.RESOURCE_EXHAUSTED, Msg.of("open.exhausted").in(lang));
        } catch (Throwable t) {
            return new Opened(0, Status.INTERNAL, Msg.of("open.internal", t).in(lang));
        }
    }

    /** True when the handle is open in this table. */
    public boolean isOpen(long handle) {
        return sessions.containsKey(handle);
    }

    /** The number of open handles. */
    public int size() {
        return sessions.size();
    }

    /** Closes the handle. Returns 0, or 8 when it is not open here. */
    public int close(long handle) {
        try {
            CommandSession s = sessions.remove(handle);
            if (s == null) return Status.INVALID_HANDLE;
            s.close();
            return Status.OK;
        } catch (Throwable t) {
            return Status.INTERNAL;
        }
    }

    /** Closes every handle of this table (a host connection ended). Returns how many were open. */
    public int closeAll() {
        List<Long> ids = new ArrayList<>(sessions.keySet());
        int n = 0;
        for (Long id : ids) {
            if (close(id) != Status.INVALID_HANDLE) n++;
        }
        return n;
    }

    /**
     * Records a failure of a call on the handle (e.g. an argument that could not be decoded) as its
     * last error. Returns {@code status}, or 8 when the handle is not open.
     */
    public int fail(long handle, int status, Msg text) {
        CommandSession s = sessions.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        s.setError(status, text.in(s.language()));
        return status;
    }

    /** {@link #fail(long, int, Msg)} for a failure with its own sentence. */
    public int fail(long handle, BridgeException e) {
        CommandSession s = sessions.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        s.setError(e.status(), e.message(s.language()));
        return e.status();
    }

    /** Runs a command; {@code request} null means "use the parameter bag". Returns the status. */
    public int execute(long handle, String command, String request) {
        CommandSession s = sessions.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        try {
            if (command == null) {
                s.setError(Status.BAD_ARGUMENT, Msg.of("execute.commandNull").in(s.language()));
                return Status.BAD_ARGUMENT;
            }
            return s.execute(checkText(command, "arg.command"), checkText(request, "arg.request"));
        } catch (BridgeException e) {
            s.setError(e.status(), e.message(s.language()));
            return e.status();
        } catch (VirtualMachineError e) {
            s.setError(Status.RESOURCE_EXHAUSTED, Msg.of("call.exhausted").in(s.language()));
            return Status.RESOURCE_EXHAUSTED;
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, Msg.of("internal.error", t).in(s.language()));
            return Status.INTERNAL;
        }
    }

    /**
     * The last result, whole ({@code pointer} null or empty) or at a JSON Pointer. On failure the
     * value is null and the status says why (8 bad handle, 13 not found, 14 no result, 1 bad
     * pointer); the failure also becomes the handle's last error.
     */
    public Value result(long handle, String pointer) {
        CommandSession s = sessions.get(handle);
        if (s == null) return new Value(null, Status.INVALID_HANDLE);
        try {
            return new Value(s.result(checkText(pointer, "arg.pointer")), Status.OK);
        } catch (BridgeException e) {
            // reading a result must not overwrite the error of the execute it belongs to, except to report its own failure
            s.setError(e.status(), e.message(s.language()));
            return new Value(null, e.status());
        } catch (VirtualMachineError e) {
            s.setError(Status.RESOURCE_EXHAUSTED, Msg.of("call.exhausted").in(s.language()));
            return new Value(null, Status.RESOURCE_EXHAUSTED);
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, Msg.of("internal.error", t).in(s.language()));
            return new Value(null, Status.INTERNAL);
        }
    }

    /** Sets a parameter of the bag by JSON Pointer. Returns the status. */
    public int setParam(long handle, String pointer, String value) {
        CommandSession s = sessions.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        try {
            return s.setParam(checkText(pointer, "arg.paramName"), checkText(value, "arg.paramValue"));
        } catch (BridgeException e) {
            s.setError(e.status(), e.message(s.language()));
            return e.status();
        } catch (VirtualMachineError e) {
            s.setError(Status.RESOURCE_EXHAUSTED, Msg.of("call.exhausted").in(s.language()));
            return Status.RESOURCE_EXHAUSTED;
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, Msg.of("internal.error", t).in(s.language()));
            return Status.INTERNAL;
        }
    }

    /** Empties the parameter bag. Returns the status. */
    public int resetParams(long handle) {
        CommandSession s = sessions.get(handle);
        if (s == null) return Status.INVALID_HANDLE;
        try {
            s.resetParams();
            return Status.OK;
        } catch (Throwable t) {
            s.setError(Status.INTERNAL, Msg.of("internal.error", t).in(s.language()));
            return Status.INTERNAL;
        }
    }

    /** The status of the last call on this handle; 8 for a handle not open here. */
    public int errorCode(long handle) {
        CommandSession s = sessions.get(handle);
        return s == null ? Status.INVALID_HANDLE : s.lastErrorCode();
    }

    /** The error text of the last call on this handle (empty after a success), never null. */
    public String errorText(long handle) {
        return errorText(handle, Language.DEFAULT);
    }

    /** As {@link #errorText(long)}; {@code notOpen} is the language of the text for a handle that is not open. */
    public String errorText(long handle, Language notOpen) {
        try {
            CommandSession s = sessions.get(handle);
            if (s == null) return NOT_OPEN_TEXT.in(notOpen);
            return s.lastErrorText();
        } catch (Throwable t) {
            return "";
        }
    }

    /** The bridge version, e.g. {@code "0.1.0"}. */
    public static String version() {
        return BridgeVersion.VERSION;
    }
}
