/*
 * loymax_bridge.h — the C ABI of the Loymax POS bridge.
 *
 * This header is the contract between register programs (C/C++, Delphi, C#, VB6/VBA, 1C, FoxPro …)
 * and the bridge library: libloymax_bridge.so on Linux, loymax_bridge.dll on Windows (x64 and x86).
 * The library does no business logic itself: it runs the bridge's Java core in a Java VM embedded in
 * the calling process (engine "inprocess", the default), or talks to a `loymax-bridge host` process
 * over 127.0.0.1 (engine "host", see "Host engine" below), and only marshals arguments and results.
 *
 * ==== Model ====
 *  - lmx_open() gives an opaque handle for one register session; every other call takes it.
 *  - lmx_execute() runs a command ("balance", "calculate", "pay", "discount", "confirm", "cancel",
 *    "refund", "status", "queue", "check", "version") with a JSON request, or — request NULL — with the
 *    parameter bag filled by lmx_set_param().  Its JSON result stays in the handle until the next
 *    lmx_execute() on that handle and is read with lmx_result(), whole or by JSON Pointer, as often
 *    as needed: READING A RESULT NEVER RE-EXECUTES A COMMAND (a short buffer can never cause a second
 *    redemption).
 *  - Every function returns a status (LMX_OK = 0) or, for the text-returning ones, a size; the last
 *    status and a sentence describing it are kept per handle (lmx_error_code, lmx_error_text).
 *  - No exception (C++, SEH, Java) crosses this boundary, and no argument can crash the library:
 *    a NULL pointer, a closed or foreign handle, invalid UTF-8, a huge input each give a status.
 *
 * ==== Strings ====
 *  - char strings are UTF-8, NUL-terminated.  Invalid UTF-8 (including overlong forms, surrogates
 *    and code points above U+10FFFF) is rejected with LMX_INVALID_ENCODING; the error text names the
 *    byte offset.  Programs whose strings are in a code page (cp1251 …) use the W functions on
 *    Windows, or convert to UTF-8 first.
 *  - On Windows every function that takes or returns text has a …W twin using UTF-16 (wchar_t),
 *    for Delphi 2009+, C#, VB6 (StrPtr) and VBA.  Unpaired surrogates give LMX_INVALID_ENCODING
 *    with the offset in UTF-16 units.
 *  - Input strings may be at most LMX_MAX_INPUT_BYTES bytes of UTF-8 (after conversion for W).
 *
 * ==== Buffers (every text-returning function: lmx_result, lmx_error_text, lmx_version) ====
 *  The caller owns the buffer.  The function returns the size NEEDED, counted in bytes (UTF-16 code
 *  units for W) INCLUDING the terminating NUL, so the return value is always >= 1 on success:
 *    - if the needed size <= size, the whole text and its NUL are copied into buf;
 *    - otherwise nothing of the text is copied (buf[0] is set to NUL when size > 0): the return
 *      value is larger than size, and the caller calls again with a buffer of the returned size;
 *    - buf NULL with size 0 only asks for the size.
 *  A read that returns a size (copied or not) does NOT change the recorded error, so after a failed
 *  lmx_execute the caller can read the result and then still get the execute's code and text.
 *  A negative return value is a failure: -LMX_xxx (for example -LMX_NOT_FOUND), and that failure
 *  is recorded (lmx_error_code / lmx_error_text).  Text is never truncated: a caller gets the whole
 *  text or nothing.  (LMX_BUFFER_TOO_SMALL is the status of front ends that can only return a
 *  status; the C functions report "too small" through their return value.)
 *
 * ==== Errors ====
 *  lmx_error_code(h) / lmx_error_text(h, …) describe the last call made on handle h (from any thread).
 *  Calls that have no usable handle — a failed lmx_open, a call with a NULL, closed or foreign
 *  handle, a failed lmx_version — record their status and text for the CALLING THREAD; read them
 *  with lmx_error_code(NULL) and lmx_error_text(NULL, …) on that same thread.
 *  Language: the library's and the core's sentences are Russian by default and English with
 *  "language":"en" in the configuration given to lmx_open (a handle keeps its language after
 *  lmx_close; a failed lmx_open speaks the configuration's language when the library could read it,
 *  else Russian; a NULL or foreign handle has no configuration: Russian).  Processing's own texts
 *  (statuses 200-299) are passed unchanged.  Sentences end without a dot.
 *
 * ==== Threads ====
 *  Every function may be called from any thread.  A handle may be shared between threads: the
 *  library runs the calls on one handle one at a time (a second thread waits; the core also keeps
 *  one request in flight per register), but the "last error" of a shared handle is the last one of
 *  any thread — give each thread its own handle, or serialise, when you need to read errors
 *  reliably.  lmx_close waits for a call running on the same handle.  In-process engine: threads that
 *  call into the library are attached to the Java VM once (as daemons) and detached automatically
 *  when they end.
 *  The library saves the caller's x87 control word and MXCSR before entering Java and restores them
 *  afterwards (Delphi runs with FP exceptions unmasked), and restores the process locale after the
 *  VM's start (the VM calls setlocale(LC_ALL, "")).
 *
 * ==== Lifetime of the library ====
 *  In-process engine: the first successful lmx_open starts (or finds) the Java VM.  The VM is never destroyed, so once
 *  it runs the library pins itself in the process: unloading it (dlclose / FreeLibrary) is then a
 *  no-op, and loading it again gives the same, still-running library and VM.  Nothing is started
 *  from DllMain or a constructor (nor is WSAStartup called there: the host engine calls it on its
 *  first connection).
 *
 * ==== Configuration (the argument of lmx_open) ====
 *  A JSON object, or the path of a UTF-8 file holding one.  Keys read by the native library:
 *    "engine":     "inprocess" (default, also spelled "jvm": the Java core runs in this process) or
 *                  "host" (the core runs in a `loymax-bridge host` process; no Java VM is searched
 *                  for or started in this process; see "Host engine").
 *    "jvmPath":    libjvm.so / jvm.dll, or a Java home folder (JDK or JRE, 17 or newer); a relative
 *                  path is relative to the library's folder (never the working directory).
 *    "jvmOptions": an array of strings: extra Java VM options, e.g. ["-Xmx128m"] (first open only;
 *                  they come after the library's own: -Xrs -XX:-MaxFDLimit -Xmx64m -Xmn4m -Xss1m
 *                  -XX:+UseSerialGC, UTF-8 encodings).
 *  What the VM changes in the process: SIGINT/SIGTERM/SIGHUP/SIGQUIT and SIGUSR2 stay the program's
 *  (the VM's thread-suspension signal is moved to a free real-time signal while it starts); the VM
 *  handles SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE and SIGXFSZ and chains to handlers the program
 *  installed before lmx_open (install them before, or preload the JDK's libjsig.so); the open-files
 *  limit stays as it was; the VM's messages go to <dataDir>/logs/jvm.log, never to the program's
 *  stdout or stderr.
 *  Where the VM is searched, in order: "jvmPath"; a private runtime beside the library
 *  (jre/lib/server/libjvm.so; Windows jre\bin\server\jvm.dll, 32-bit also jre\bin\client\jvm.dll);
 *  JAVA_HOME; the `java` found on PATH; on Windows the registry (HKLM\SOFTWARE\JavaSoft).  A
 *  candidate of the wrong bitness or older than Java 17 is skipped; the LMX_NO_JVM text lists every
 *  place looked at and why each candidate was rejected.  A Java VM already running in the process is
 *  reused; it must have loymax-bridge.jar on its class path.  All other keys are read by the core.
 *  Keys read by the native library for "engine":"host":
 *    "hostAddress": "host:port" of the host, a loopback address only (127.0.0.1:21847 by default;
 *                  "[::1]:port", "localhost:port"; a name alone means port 21847).  Anything else
 *                  is LMX_CONFIG_INVALID: the host never listens on the network.
 *    "tokenFile":  the host's token file (default <dataDir>/host.token, where dataDir is the
 *                  configuration's "dataDir" or ~/.loymax-bridge, %ProgramData%\LoymaxBridge on
 *                  Windows).  The register program must be able to read it (same user as the host).
 *                  The token never crosses the connection: the hello is a challenge-response in which
 *                  the host proves first that it knows the token, so a program that is not the host
 *                  (another program on the port) is told nothing, not even the configuration.
 *    "connectTimeoutMs", "readTimeoutMs", "laneWaitMs": also set how long the library waits for the
 *                  host's answer (see below).
 *
 * ==== Host engine ("engine":"host") ====
 *  Each handle has its own TCP connection to the host (opened by lmx_open, closed by lmx_close); each
 *  call is one request and one answer (protocol: docs/host-protocol.md).  The whole configuration is
 *  sent to the host's open: given as a file path, the library reads the file and sends its content,
 *  so relative paths inside it (dataDir, trustStore) are resolved by the HOST's working directory —
 *  use absolute paths.  Several processes using one register through one host share its lane and
 *  offline queue (the host runs one request at a time per register).
 *  Time limits: connecting 5 s; an answer connectTimeoutMs + readTimeoutMs + laneWaitMs + 5 s (with
 *  the core's defaults 3000 + 10000 + 15000 + 5000 = 33 s): the longest an execute can take waiting
 *  for the register's lane and then for processing.  No call waits longer.
 *  Host not running, token wrong or unreadable, a program on the port that cannot prove it knows the
 *  token or does not answer the hello within 5 s: LMX_HOST_UNREACHABLE with a sentence naming the
 *  address and which of these it is (and how to start the host).  lmx_error_code/lmx_error_text of a host handle are kept by
 *  the library from the host's answers (no round trip; they work while the host is down).
 *  Lost connection (host stopped, killed, restarted; no answer in time): the call that notices returns
 *  LMX_HOST_UNREACHABLE.  When that call was an lmx_execute whose request had been sent, its text
 *  says "the host connection broke after the request was sent; the outcome is unknown — check with
 *  status or the purchase's next operation": treat it like LMX_OUTCOME_UNKNOWN (resend with the same
 *  purchaseId/operation, or cancel).  The NEXT call on the handle reconnects (re-reading the token
 *  file) and re-opens the session with the saved configuration; if the host is still down it returns
 *  LMX_HOST_UNREACHABLE again, promptly.  A handle that was idle while the host restarted reconnects
 *  on its next call.  The parameter bag and the last result live in the host, so AFTER A RECONNECT
 *  THE BAG IS EMPTY and there is no result (LMX_NO_RESULT) until the next execute.  So that a bag
 *  is never lost silently: when parameters had been set (lmx_set_param since the open or the last
 *  lmx_reset_params), the call that re-opens the session does nothing else and returns
 *  LMX_HOST_UNREACHABLE with a text saying the parameters must be set again; the call after it works
 *  (lmx_reset_params is the exception: it re-opens and succeeds).  A register program that fills the
 *  bag should, after LMX_HOST_UNREACHABLE, call lmx_reset_params and fill it again.
 */
#ifndef LOYMAX_BRIDGE_H
#define LOYMAX_BRIDGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- calling convention and export ------------------------------------------------------------
 * Windows x86: __stdcall with undecorated export names (lmx_open, not _lmx_open@8), so Delphi
 * (stdcall), VB6/VBA (Declare Function … Lib "loymax_bridge.dll") and FoxPro (DECLARE … IN) can
 * call them.  Windows x64 has one calling convention.  Linux: the platform's C convention. */
#if defined(_WIN32)
#  define LMX_CALL __stdcall
#  if defined(LMX_BUILDING_LIBRARY)
#    define LMX_API                       /* exports come from loymax_bridge.def */
#  elif defined(LMX_NO_DLLIMPORT)
#    define LMX_API
#  else
#    define LMX_API __declspec(dllimport)
#  endif
#else
#  define LMX_CALL
#  if defined(LMX_BUILDING_LIBRARY) && defined(__GNUC__)
#    define LMX_API __attribute__((visibility("default")))
#  else
#    define LMX_API
#  endif
#endif

/** Version of this header; lmx_version() returns the library's. */
#define LMX_VERSION_STRING "0.1.0"

/** Largest input string accepted, in bytes of UTF-8 (16 MiB); a longer one gives LMX_BAD_ARGUMENT
 *  (narrower limits of single arguments are given with their functions). */
#define LMX_MAX_INPUT_BYTES (16 * 1024 * 1024)

/** Largest request_json of lmx_execute (1 MiB): any larger request is LMX_INVALID_REQUEST. */
#define LMX_MAX_REQUEST_JSON_BYTES (1024 * 1024)
/** Deepest nesting of a request (JSON text, or the tokens of an lmx_set_param pointer): LMX_INVALID_REQUEST beyond. */
#define LMX_MAX_REQUEST_DEPTH (64)

/* ---- status codes (the same numbers as org.lmxbridge.Status) ---------------------------------- */
#define LMX_OK                    0   /* success; also a request accepted offline ("queued": true) */
/* 1–99: bridge and ABI */
#define LMX_BAD_ARGUMENT          1   /* a NULL or unusable argument (pointer, size, too long)      */
#define LMX_BUFFER_TOO_SMALL      2   /* the buffer was too small; the call returned the size needed */
#define LMX_NO_JVM                3   /* no usable Java runtime found; the text lists where it looked */
#define LMX_JVM_START_FAILED      4   /* a runtime was found but could not be started or used       */
#define LMX_HOST_UNREACHABLE      5   /* the out-of-process host engine cannot be reached           */
#define LMX_INTERNAL              6   /* an unexpected failure in the bridge; the next call works   */
#define LMX_BUSY                  7   /* the register's lane stayed busy past the deadline          */
#define LMX_INVALID_HANDLE        8   /* the handle is NULL, closed, or not made by lmx_open        */
#define LMX_INVALID_ENCODING      9   /* a string is not valid UTF-8 (UTF-16 for W functions)       */
#define LMX_CONFIG_INVALID       10   /* the configuration is invalid; the text names the key       */
#define LMX_STORAGE_FAILED       11   /* the queue/data folder is locked or cannot be opened        */
#define LMX_RESOURCE_EXHAUSTED   12   /* out of memory or stack during the call; the next call works */
#define LMX_NOT_FOUND            13   /* the JSON Pointer is not present in the last result         */
#define LMX_NO_RESULT            14   /* no command has been executed on this handle yet            */
/* 100–199: offline policy */
#define LMX_OFFLINE_REFUSED     100   /* processing unreachable and this command cannot go offline  */
#define LMX_QUEUE_FULL          101   /* the offline queue reached its item or amount cap           */
#define LMX_OUTCOME_UNKNOWN     102   /* the request left but no answer came; outcome unknown       */
#define LMX_QUEUE_ITEM_NOT_FOUND 103  /* the queue command named a missing or wrong-state item      */
#define LMX_DISCREPANCY         104   /* processing applied a replayed operation unlike the receipt */
#define LMX_REQUEST_MISMATCH    105   /* the purchase already has this operation for another request */
#define LMX_PAYMENT_UNRESOLVED  106   /* a bonus payment of the purchase is unresolved: repeat pay or cancel */
/* 200–299: Loymax processing errors (the server's number when it lies in 200–299) */
#define LMX_PROCESSING_ERROR    200   /* a processing error whose server number is outside 200–299 */
/* 300–399: transport */
#define LMX_CONNECT_FAILED      300
#define LMX_TIMEOUT             301
#define LMX_TLS_FAILED          302
#define LMX_HTTP_STATUS         303
#define LMX_MALFORMED_RESPONSE  304
#define LMX_RESPONSE_TOO_LARGE  305
#define LMX_AUTH_FAILED         306
/* 400–499: request validation */
#define LMX_INVALID_REQUEST     400
#define LMX_INVALID_JSON        401
#define LMX_MISSING_FIELD       402
#define LMX_INVALID_VALUE       403
#define LMX_UNKNOWN_COMMAND     404
#define LMX_WRONG_ORDER         405

/** True for a status in the given range. */
#define LMX_IS_BRIDGE_ERROR(s)     ((s) >= 1 && (s) <= 99)
#define LMX_IS_OFFLINE_ERROR(s)    ((s) >= 100 && (s) <= 199)
#define LMX_IS_PROCESSING_ERROR(s) ((s) >= 200 && (s) <= 299)
#define LMX_IS_TRANSPORT_ERROR(s)  ((s) >= 300 && (s) <= 399)
#define LMX_IS_REQUEST_ERROR(s)    ((s) >= 400 && (s) <= 499)

/** An open register session.  Opaque; compare with NULL only. */
typedef struct lmx_session *lmx_handle;

/**
 * Opens a register session.
 *
 * config_json_or_path: a JSON object ("{…}", leading blanks allowed) or the path (UTF-8) of a file
 *   holding one; read for the duration of the call only.  See "Configuration" above.
 * out: receives the new handle; set to NULL on failure.  The caller owns the handle and must pass
 *   it to lmx_close() exactly once.
 *
 * A configuration file must be a regular file (a FIFO or device is refused at once, never read) of at
 * most 1 MiB of UTF-8; the text says whether it is not found, not readable, not a regular file or too
 * large, with the system's reason (a relative path is taken from the working directory, which the
 * text names).  Its JSON is checked here before any engine starts: a syntax error is reported by line
 * and column, a key the library reads with a value of the wrong type by its name ("jvmOptions" must be
 * an array of strings; "engine", "jvmPath", "hostAddress", "tokenFile", "dataDir" strings; each key
 * once).  No error text ever quotes a value of the configuration (it holds the password).
 *
 * Returns LMX_OK, or: LMX_BAD_ARGUMENT (config or out NULL), LMX_INVALID_ENCODING,
 * LMX_CONFIG_INVALID, LMX_NO_JVM, LMX_JVM_START_FAILED (also at once in a fork()ed child of a
 * process whose Java VM runs), LMX_HOST_UNREACHABLE, LMX_STORAGE_FAILED (the data folder cannot be
 * created or is not writable: the text says which), LMX_RESOURCE_EXHAUSTED, LMX_INTERNAL.  On failure
 * the text is lmx_error_text(NULL, …) on this thread.
 * In-process, the first successful call may take a second or so (it starts the Java VM); later ones
 * are fast.  Thread-safe: concurrent first calls start one VM.  "engine":"host": connects to the host
 * and opens the session there (LMX_HOST_UNREACHABLE when it cannot be reached).
 * Handles of one register (same URL and login) in one process (or one host) share its lane and queue
 * with the settings of the handle that opened it; only "language" is each handle's own.  A later
 * lmx_open that gives other settings succeeds with the shared ones and logs a warning naming the
 * keys; its settings apply once every handle of that register is closed.
 */
LMX_API int LMX_CALL lmx_open(const char *config_json_or_path, lmx_handle *out);

/**
 * Closes a session.  The handle must not be used afterwards; if it is, calls return
 * LMX_INVALID_HANDLE and never crash: the library keeps a closed handle recognisable until 1,024
 * later sessions have been closed, and only then reuses its memory (so a program that opens and
 * closes for years stays bounded); a handle kept and used beyond that may reach a newer session.
 * Returns LMX_OK, or LMX_INVALID_HANDLE (NULL, already closed, foreign).  A call running on the
 * same handle in another thread finishes first or gets LMX_INVALID_HANDLE.
 * fork(): a child process gets LMX_INVALID_HANDLE at once for every handle its parent opened before
 * the fork (they belong to the parent's engine); it opens its own.
 */
LMX_API int LMX_CALL lmx_close(lmx_handle h);

/**
 * Runs a command and keeps its JSON result in the handle (replacing the previous one).
 *
 * command: the command name, e.g. "calculate" (not NULL): exactly one of the commands, in any
 *   case, without blanks or line ends around it; anything else (also any name longer than 64
 *   bytes, which is not repeated in the text) is LMX_UNKNOWN_COMMAND.
 * request_json: the request as one JSON object, or NULL to use the parameter bag (lmx_set_param).
 *   Both strings are only read during the call.  Larger than LMX_MAX_REQUEST_JSON_BYTES, or nested
 *   deeper than LMX_MAX_REQUEST_DEPTH, or not an object: LMX_INVALID_REQUEST; not JSON, or text after
 *   the object: LMX_INVALID_JSON; a text field holding a character the protocol (XML 1.0) cannot carry
 *   — a control character such as a GS1 group separator U+001D, U+0000, U+FFFE — LMX_INVALID_VALUE
 *   with the field, the character and its position.
 *
 * Returns the command's status: LMX_OK (also when the request was queued offline: the result then
 * has "queued": true), or an error status of any range; the error text and the result's "error"
 * object describe it.  Blocks until the core answers: within connectTimeoutMs + readTimeoutMs when
 * the register's lane is free (plus the lane wait, at most laneWaitMs, when another call of the same
 * register runs); with the host engine also bounded by the answer timeout; LMX_HOST_UNREACHABLE after
 * the request was sent means the outcome is unknown, see "Host engine".
 */
LMX_API int LMX_CALL lmx_execute(lmx_handle h, const char *command, const char *request_json);

/**
 * Reads the last result: the whole JSON (json_pointer NULL or "") or the value at a JSON Pointer
 * (RFC 6901, e.g. "/lines/0/discount"): a string value without quotes, a number as written,
 * true/false/null, an object or array as JSON.
 *
 * Buffer protocol as described at the top: returns the size needed in bytes including the NUL
 * (> 0), copying only when it fits; or a negative status: -LMX_INVALID_HANDLE, -LMX_BAD_ARGUMENT
 * (buf NULL with size > 0, size < 0), -LMX_INVALID_ENCODING (the pointer is not UTF-8, or the value
 * contains U+0000, which a C string cannot carry: read the whole result instead, where it is
 * escaped), -LMX_NO_RESULT (nothing executed yet), -LMX_NOT_FOUND (no such pointer), with the host
 * engine -LMX_HOST_UNREACHABLE (a value read just before is answered from the library's copy).
 * Never re-executes anything.
 */
LMX_API int LMX_CALL lmx_result(lmx_handle h, const char *json_pointer, char *buf, int size);

/**
 * Tests the connection of the handle's register, step by step — the configuration, the data folder,
 * the offline queue, the name of processing's server, a TCP connection to it, the TLS handshake, then
 * HTTP, the register's login and the protocol through one Balance request for an identifier no card has
 * (processing answers CardNotFound; nothing is applied), each with its own cause (connection refused or
 * timed out, an untrusted certificate, plain HTTP on a TLS port and the reverse, HTTP 5xx with its
 * status, processing's error number) — and keeps the verdicts as the handle's result, replacing the
 * previous one (as lmx_execute does; the parameter bag is neither used nor changed).  Read them with
 * lmx_result: "/checks" is an array of {"step", "name" (in the bridge's language), "ok" (true, false, or
 * null: not judged because an earlier step failed, or not used: tls for an http:// address), "text"
 * (a sentence for a person, in the bridge's language)}; e.g. lmx_result(h, "/checks/3/ok", …).  Steps,
 * in this order: configuration, dataFolder, queue, nameResolution, connection, tls, http,
 * authentication, protocol.  The probe goes through the register's lane,
 * so it never runs beside another request of the same register.  The same check as
 * `loymax-bridge check` and the console's "test connection" button.
 *
 * Returns LMX_OK when every step passed; otherwise the status of the first failing step (e.g.
 * LMX_STORAGE_FAILED, LMX_CONNECT_FAILED, LMX_TLS_FAILED, LMX_AUTH_FAILED, LMX_HTTP_STATUS,
 * LMX_MALFORMED_RESPONSE, LMX_TIMEOUT) with that step's name and sentence as the error text, and the
 * verdicts still in the result; LMX_INVALID_HANDLE; with the host engine LMX_HOST_UNREACHABLE.
 * Blocks for at most about twice connectTimeoutMs + readTimeoutMs (the TCP step, then the probe), plus
 * the lane wait when another call of the register runs.  Changes nothing: no operation is applied,
 * nothing is queued.
 */
LMX_API int LMX_CALL lmx_test_connection(lmx_handle h);

/**
 * Sets one parameter of the handle's parameter bag by JSON Pointer, e.g.
 * lmx_set_param(h, "/cheque/lines/0/price", "89.90").  Missing objects and arrays on the way are
 * created.  value is stored as a JSON string (the core converts numbers where the protocol needs
 * them).  Both strings are only read during the call.  The bag is used by lmx_execute(h, cmd, NULL)
 * and kept until lmx_reset_params() — with the host engine, also until a reconnect (the bag lives in
 * the host and starts empty in the re-opened session).
 * Returns LMX_OK, LMX_INVALID_HANDLE, LMX_BAD_ARGUMENT (NULL, or not a JSON Pointer),
 * LMX_INVALID_ENCODING, LMX_INVALID_REQUEST (value longer than 10,000 characters or 40 KB of UTF-8,
 * or a pointer deeper than LMX_MAX_REQUEST_DEPTH: nothing is stored), LMX_RESOURCE_EXHAUSTED (out of
 * memory, with its text like every failure) (host engine: also LMX_HOST_UNREACHABLE).
 */
LMX_API int LMX_CALL lmx_set_param(lmx_handle h, const char *json_pointer, const char *value);

/** Empties the parameter bag.  Returns LMX_OK or LMX_INVALID_HANDLE (host engine: or LMX_HOST_UNREACHABLE). */
LMX_API int LMX_CALL lmx_reset_params(lmx_handle h);

/**
 * The status of the last call on h (LMX_OK after a success).  h NULL: the last status recorded for
 * this thread by a call without a usable handle (failed lmx_open, calls with a bad handle).  A closed
 * or foreign h: LMX_INVALID_HANDLE.  Never fails.
 */
LMX_API int LMX_CALL lmx_error_code(lmx_handle h);

/**
 * The sentence describing the last call on h (empty after a success), or — h NULL — this thread's
 * last handle-less error (see lmx_error_code).  A closed or foreign h gives a text saying so.
 * Buffer protocol as at the top (returns the size needed, >= 1, or -LMX_BAD_ARGUMENT).
 * lmx_error_text and lmx_error_code never change the recorded error.
 */
LMX_API int LMX_CALL lmx_error_text(lmx_handle h, char *buf, int size);

/**
 * The version of this library, e.g. "0.1.0".  Needs no handle and does not start the Java VM (the
 * core's version is the result of lmx_execute(h, "version", NULL)).  Buffer protocol as at the top.
 */
LMX_API int LMX_CALL lmx_version(char *buf, int size);

#if defined(_WIN32)
#include <wchar.h>
/* UTF-16 twins.  Same behaviour as the UTF-8 functions; sizes are counted in wchar_t units
 * (including the NUL); offsets in LMX_INVALID_ENCODING texts are in UTF-16 units. */
LMX_API int LMX_CALL lmx_openW(const wchar_t *config_json_or_path, lmx_handle *out);
LMX_API int LMX_CALL lmx_executeW(lmx_handle h, const wchar_t *command, const wchar_t *request_json);
LMX_API int LMX_CALL lmx_resultW(lmx_handle h, const wchar_t *json_pointer, wchar_t *buf, int size);
LMX_API int LMX_CALL lmx_set_paramW(lmx_handle h, const wchar_t *json_pointer, const wchar_t *value);
LMX_API int LMX_CALL lmx_error_textW(lmx_handle h, wchar_t *buf, int size);
LMX_API int LMX_CALL lmx_versionW(wchar_t *buf, int size);
#endif

#ifdef __cplusplus
}
#endif
#endif /* LOYMAX_BRIDGE_H */
