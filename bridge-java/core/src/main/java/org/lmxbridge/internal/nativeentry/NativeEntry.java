package org.lmxbridge.internal.nativeentry;

/**
 * The only class the native library (JNI, {@code bridge-native}) and the host engine call.
 * Internal: not part of the public Java API.
 *
 * <p>Contract with the C side:
 * <ul>
 *   <li>All text crosses as {@code byte[]} holding UTF-8 (never modified UTF-8), so any Unicode,
 *       including characters outside the BMP, survives. A {@code null} array means a NULL pointer.</li>
 *   <li>No method throws: every {@link Throwable} (including {@link OutOfMemoryError}) is caught and
 *       turned into a status code and an error text.</li>
 *   <li>Handles are positive {@code long} ids issued by {@link #open}; a closed or unknown id gives
 *       {@code Status.INVALID_HANDLE} (8).</li>
 *   <li>Invalid UTF-8 in an argument gives {@code Status.INVALID_ENCODING} (9) with the byte offset
 *       in the text.</li>
 * </ul>
 */
public final class NativeEntry {
    private NativeEntry() {
    }

    /**
     * Opens a register session. {@code config} is a JSON object or a path to a JSON file.
     * @return a handle id &gt; 0, or a negative status ({@code -status}); the error text of a failed
     *     open is then available from {@link #openErrorText()} on the same thread.
     */
    public static long open(byte[] config) {
        return NativeSessions.open(config);
    }

    /** The error text of the last failed {@link #open} on this thread (UTF-8), never null. */
    public static byte[] openErrorText() {
        return NativeSessions.openErrorText();
    }

    /** Closes the handle. Returns 0, or 8 when the handle is not open. */
    public static int close(long handle) {
        return NativeSessions.close(handle);
    }

    /**
     * Runs a command. {@code request} null means "use the parameter bag". The result stays in the
     * handle until the next execute. Returns the status (0 = success, including "queued").
     */
    public static int execute(long handle, byte[] command, byte[] request) {
        return NativeSessions.execute(handle, command, request);
    }

    /**
     * The last result, whole ({@code pointer} null or empty) or the value at a JSON Pointer: a
     * string value is returned without quotes, a number as written, true/false, an object or
     * array as JSON. Returns null when there is no result or the pointer is absent; then
     * {@link #errorCode} tells which (13 not found, 14 no result, 8 bad handle). Re-reading never
     * re-executes.
     */
    public static byte[] result(long handle, byte[] pointer) {
        return NativeSessions.result(handle, pointer);
    }

    /** Sets a parameter of the bag by JSON Pointer. Returns the status. */
    public static int setParam(long handle, byte[] pointer, byte[] value) {
        return NativeSessions.setParam(handle, pointer, value);
    }

    /** Empties the parameter bag. Returns the status. */
    public static int resetParams(long handle) {
        return NativeSessions.resetParams(handle);
    }

    /** The status of the last call on this handle (0 after a success). 8 for a bad handle. */
    public static int errorCode(long handle) {
        return NativeSessions.errorCode(handle);
    }

    /** The error text of the last call on this handle (UTF-8, empty after a success). */
    public static byte[] errorText(long handle) {
        return NativeSessions.errorText(handle);
    }

    /** The bridge version, e.g. {@code "0.1.0"} (UTF-8). */
    public static byte[] version() {
        return NativeSessions.version();
    }

    /**
     * Checks that the core is loadable and working inside this JVM (used by the native side right
     * after it finds an existing JVM, to tell "jar not on class path" apart from other failures).
     * Returns 0.
     */
    public static int ping() {
        return 0;
    }
}
