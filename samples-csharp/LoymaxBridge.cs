// LoymaxBridge.cs — the Loymax POS bridge C ABI (loymax_bridge.h) for C# (.NET Framework 4.x,
// .NET 6+, mono).  Drop this one file into a register program.
//
//   using (var lmx = new LoymaxBridge(configJson)) {
//       lmx.SetParam("/identifier/value", "79260000003");
//       lmx.Execute("balance");                        // LoymaxException on any failure
//       decimal balance = decimal.Parse(lmx.Value("/balance"), CultureInfo.InvariantCulture);
//   }
//
// Windows (x64 and x86): loymax_bridge.dll, the UTF-16 "W" functions (C# strings go through as
// they are); the x86 DLL is __stdcall, which is what CallingConvention.Winapi means there.
// Linux (mono, .NET): libloymax_bridge.so, UTF-8 done by hand through byte[] (no reliance on the
// runtime's LPUTF8Str support, which mono 6 lacks for return buffers).
//
// Deployment: the library beside the program (or on PATH / LD_LIBRARY_PATH), loymax-bridge.jar
// beside the library, and a Java 17+ runtime.  The process bitness must match the DLL's: build
// with "x64" or "x86", not "AnyCPU" with "Prefer 32-bit".
using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Loymax.Bridge
{
    /// <summary>Status codes of loymax_bridge.h (the same numbers as org.lmxbridge.Status).</summary>
    public static class LmxStatus
    {
        public const int Ok = 0;
        // 1-99: bridge and ABI
        public const int BadArgument = 1, BufferTooSmall = 2, NoJvm = 3, JvmStartFailed = 4,
            HostUnreachable = 5, Internal = 6, Busy = 7, InvalidHandle = 8, InvalidEncoding = 9,
            ConfigInvalid = 10, StorageFailed = 11, ResourceExhausted = 12, NotFound = 13, NoResult = 14;
        // 100-199: offline policy
        public const int OfflineRefused = 100, QueueFull = 101, OutcomeUnknown = 102, QueueItemNotFound = 103,
            Discrepancy = 104, RequestMismatch = 105, PaymentUnresolved = 106;
        // 200-299: Loymax processing errors (the server's number, e.g. 205 CardBlocked)
        public const int ProcessingError = 200;
        // 300-399: transport
        public const int ConnectFailed = 300, Timeout = 301, TlsFailed = 302, HttpStatus = 303,
            MalformedResponse = 304, ResponseTooLarge = 305, AuthFailed = 306;
        // 400-499: request validation
        public const int InvalidRequest = 400, InvalidJson = 401, MissingField = 402, InvalidValue = 403,
            UnknownCommand = 404, WrongOrder = 405;

        public static bool IsProcessingError(int s) { return s >= 200 && s <= 299; }
        public static bool IsTransportError(int s) { return s >= 300 && s <= 399; }
        public static bool IsOfflineError(int s) { return s >= 100 && s <= 199; }
    }

    /// <summary>Any failure of the bridge: <see cref="Exception.Message"/> (and <see cref="Text"/>) is
    /// processing's or the bridge's sentence, verbatim (what LastErrorText returns); <see cref="Status"/>
    /// is the LmxStatus code, never appended to the message.</summary>
    [Serializable]
    public class LoymaxException : Exception
    {
        public int Status { get; private set; }
        public string Text { get; private set; }

        public LoymaxException(int status, string text)
            : base(text)
        {
            Status = status;
            Text = text;
        }
    }

    /// <summary>lmx_handle: closed exactly once (lmx_close) when disposed or finalized.</summary>
    public sealed class LmxSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public LmxSafeHandle() : base(true) { }

        protected override bool ReleaseHandle()
        {
            return NativeMethods.lmx_close(handle) == LmxStatus.Ok;
        }
    }

    /// <summary>The C ABI, one to one.  UTF-8 strings are NUL-terminated byte[]; W functions take
    /// and return UTF-16.  Text-returning functions return the size needed including the NUL
    /// (bytes, or chars for W), copying only when it fits, or a negative status.</summary>
    public static class NativeMethods
    {
        public const string Lib = "loymax_bridge";   // loymax_bridge.dll / libloymax_bridge.so
        const CallingConvention Cc = CallingConvention.Winapi; // stdcall on Windows x86, else the C one

        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_open(byte[] configJsonOrPath, out LmxSafeHandle handle);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_close(IntPtr h);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_execute(LmxSafeHandle h, byte[] command, byte[] requestJson);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_result(LmxSafeHandle h, byte[] jsonPointer, [Out] byte[] buf, int size);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_set_param(LmxSafeHandle h, byte[] jsonPointer, byte[] value);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_reset_params(LmxSafeHandle h);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_error_code(LmxSafeHandle h);
        /// <summary>h = IntPtr.Zero: this thread's last handle-less error (a failed lmx_open).</summary>
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true, EntryPoint = "lmx_error_code")]
        public static extern int lmx_error_code_nohandle(IntPtr h);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_error_text(LmxSafeHandle h, [Out] byte[] buf, int size);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true, EntryPoint = "lmx_error_text")]
        public static extern int lmx_error_text_nohandle(IntPtr h, [Out] byte[] buf, int size);
        [DllImport(Lib, CallingConvention = Cc, ExactSpelling = true)]
        public static extern int lmx_version([Out] byte[] buf, int size);

        // Windows only: the UTF-16 twins.
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int lmx_openW(string configJsonOrPath, out LmxSafeHandle handle);
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int lmx_executeW(LmxSafeHandle h, string command, string requestJson);
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int lmx_resultW(LmxSafeHandle h, string jsonPointer, [Out] char[] buf, int size);
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int lmx_set_paramW(LmxSafeHandle h, string jsonPointer, string value);
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int lmx_error_textW(LmxSafeHandle h, [Out] char[] buf, int size);
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true, EntryPoint = "lmx_error_textW")]
        public static extern int lmx_error_textW_nohandle(IntPtr h, [Out] char[] buf, int size);
        [DllImport(Lib, CallingConvention = Cc, CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int lmx_versionW([Out] char[] buf, int size);
    }

    /// <summary>One register session.  Every failure is a <see cref="LoymaxException"/>.
    /// Give each thread its own instance when it needs reliable error texts.</summary>
    public sealed class LoymaxBridge : IDisposable
    {
        /// <summary>True on Windows: the W (UTF-16) functions are used there.</summary>
        public static readonly bool Wide = Environment.OSVersion.Platform == PlatformID.Win32NT;

        static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, true); // throws on lone surrogates

        readonly LmxSafeHandle h;

        /// <param name="config">The configuration JSON object, or the path of a file holding one.</param>
        public LoymaxBridge(string config)
        {
            if (config == null) throw new ArgumentNullException("config");
            int st = Wide ? NativeMethods.lmx_openW(config, out h) : NativeMethods.lmx_open(Z(config), out h);
            if (st != LmxStatus.Ok)
            {
                // No handle: the failure is recorded for this thread; read it with a NULL handle.
                string text = ReadText(delegate(byte[] b, int n) { return NativeMethods.lmx_error_text_nohandle(IntPtr.Zero, b, n); },
                                       delegate(char[] b, int n) { return NativeMethods.lmx_error_textW_nohandle(IntPtr.Zero, b, n); });
                if (h != null) h.Dispose();
                throw new LoymaxException(st, text ?? "lmx_open failed");
            }
        }

        /// <summary>Runs a command (requestJson null: the parameter bag); throws on any status but Ok.
        /// A request queued offline is Ok, with "queued": true in the result.</summary>
        public void Execute(string command, string requestJson = null)
        {
            Check(TryExecute(command, requestJson));
        }

        /// <summary>Runs a command and returns its status instead of throwing (for errors the program
        /// expects and handles: a blocked card, an offline refusal).  Text: <see cref="LastErrorText"/>.</summary>
        public int TryExecute(string command, string requestJson = null)
        {
            if (command == null) throw new ArgumentNullException("command");
            return Wide ? NativeMethods.lmx_executeW(h, command, requestJson)
                        : NativeMethods.lmx_execute(h, Z(command), Z(requestJson));
        }

        /// <summary>One parameter of the request by JSON Pointer: SetParam("/cheque/lines/0/price", "89.90").</summary>
        public void SetParam(string jsonPointer, string value)
        {
            Check(Wide ? NativeMethods.lmx_set_paramW(h, jsonPointer, value)
                       : NativeMethods.lmx_set_param(h, Z(jsonPointer), Z(value)));
        }

        public void ResetParams() { Check(NativeMethods.lmx_reset_params(h)); }

        /// <summary>The value at a JSON Pointer in the last result (a string without quotes, a number
        /// as written, an object or array as JSON); throws (NotFound) when absent.  Never re-executes.</summary>
        public string Value(string jsonPointer)
        {
            int st;
            string s = TryValue(jsonPointer, out st);
            Check(st);
            return s;
        }

        /// <summary>The value at a JSON Pointer, or dflt when the pointer is absent.</summary>
        public string ValueOr(string jsonPointer, string dflt)
        {
            int st;
            string s = TryValue(jsonPointer, out st);
            if (st == LmxStatus.NotFound) return dflt;
            Check(st);
            return s;
        }

        /// <summary>The whole last result, as JSON.</summary>
        public string Json { get { return Value(""); } }

        public int LastErrorCode { get { return NativeMethods.lmx_error_code(h); } }

        public string LastErrorText
        {
            get
            {
                return ReadText(delegate(byte[] b, int n) { return NativeMethods.lmx_error_text(h, b, n); },
                                delegate(char[] b, int n) { return NativeMethods.lmx_error_textW(h, b, n); })
                       ?? "(the error text could not be read)";
            }
        }

        /// <summary>The library's version (does not start the Java VM).</summary>
        public static string Version
        {
            get
            {
                string v = ReadText(delegate(byte[] b, int n) { return NativeMethods.lmx_version(b, n); },
                                    delegate(char[] b, int n) { return NativeMethods.lmx_versionW(b, n); });
                if (v == null) throw new LoymaxException(NativeMethods.lmx_error_code_nohandle(IntPtr.Zero), "lmx_version failed");
                return v;
            }
        }

        public void Dispose() { h.Dispose(); }

        // ---- internals ----------------------------------------------------------------------------

        string TryValue(string jsonPointer, out int status)
        {
            int st = LmxStatus.Ok;
            byte[] p = Wide ? null : Z(jsonPointer ?? "");
            string s = ReadText(delegate(byte[] b, int n) { int r = NativeMethods.lmx_result(h, p, b, n); if (r < 0) st = -r; return r; },
                                delegate(char[] b, int n) { int r = NativeMethods.lmx_resultW(h, jsonPointer ?? "", b, n); if (r < 0) st = -r; return r; });
            status = st;
            return s;
        }

        void Check(int status)
        {
            if (status != LmxStatus.Ok) throw new LoymaxException(status, LastErrorText);
        }

        delegate int Utf8Call(byte[] buf, int size);
        delegate int Utf16Call(char[] buf, int size);

        /// <summary>The buffer protocol: ask the size (NUL included), allocate, read; if it grew
        /// meanwhile, retry with the new size.  null on a failure (negative answer).</summary>
        static string ReadText(Utf8Call utf8, Utf16Call utf16)
        {
            if (Wide)
            {
                int need = utf16(null, 0);
                while (need > 0)
                {
                    char[] buf = new char[need];
                    int got = utf16(buf, need);
                    if (got > 0 && got <= need) return new string(buf, 0, got - 1);
                    need = got;
                }
                return null;
            }
            else
            {
                int need = utf8(null, 0);
                while (need > 0)
                {
                    byte[] buf = new byte[need];
                    int got = utf8(buf, need);
                    if (got > 0 && got <= need) return Utf8.GetString(buf, 0, got - 1);
                    need = got;
                }
                return null;
            }
        }

        /// <summary>A NUL-terminated UTF-8 copy of s (null stays null).</summary>
        static byte[] Z(string s)
        {
            if (s == null) return null;
            byte[] b;
            try
            {
                b = new byte[Utf8.GetByteCount(s) + 1];
            }
            catch (ArgumentException)
            {
                throw new LoymaxException(LmxStatus.InvalidEncoding, "the text has an unpaired UTF-16 surrogate");
            }
            Utf8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }
    }
}
