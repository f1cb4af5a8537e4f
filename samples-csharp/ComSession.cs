// ComSession.cs — a register's loyalty session through the COM object Loymax.Bridge, from C#
// (late binding: Type.GetTypeFromProgID + dynamic; no interop assembly, no P/Invoke).
//
//   balance -> calculate (SetParam, JSON Pointer) -> pay -> discount with the payment split ->
//   confirm -> balance again -> a blocked card's COMException
//
// The object must be registered for the process's bitness (regsvr32 loymax_bridge.dll; an AnyCPU
// program on 64-bit Windows runs 64-bit and needs the x64 DLL registered; "Prefer 32-bit" needs the
// x86 one).  For early binding: tlbimp loymax_bridge.dll (or "Add COM reference" > Loymax Bridge 1.0
// Type Library) gives LoymaxBridgeLib.ILoymaxBridge.
//
// A failure throws COMException: ErrorCode = 0x80040200 + status (0x800402CD = status 205,
// CardBlocked), Message = the processing's or the bridge's text (= LastErrorText).  Set
// RaiseErrors = false to check LastErrorCode instead.
//
//   csc ComSession.cs            (Windows; .NET Framework 4.x or .NET 6+ on Windows)
//   ComSession.exe CONFIG        CONFIG: the configuration JSON or the path of a file holding one
// Exit code 0 and a last line "PASS" when all went as expected.
using System;
using System.Globalization;
using System.Runtime.InteropServices;

public static class ComSession
{
    const string CustomerPhone = "79260000003";
    const string BlockedCard = "8690037";
    const int HResultCardBlocked = unchecked((int)0x800402CD);   // 0x80040200 + 205

    static decimal Money(object s)
    {
        var text = s as string;
        return string.IsNullOrEmpty(text) ? 0m : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    static string MoneyStr(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);

    public static int Main(string[] args)
    {
        string config = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("LMX_CONFIG");
        if (string.IsNullOrEmpty(config))
        {
            Console.Error.WriteLine("usage: ComSession CONFIG (or set LMX_CONFIG)");
            return 2;
        }
        // No ProgID at all: GetTypeFromProgID returns null (nothing registered under "Loymax.Bridge", in
        // either view).  A ProgID whose class cannot be created in this process (registered for the
        // other bitness only: 0x80040154; the DLL missing or broken) fails in CreateInstance instead.
        Type type = Type.GetTypeFromProgID("Loymax.Bridge");
        if (type == null)
        {
            Console.Error.WriteLine("FAIL: the ProgID Loymax.Bridge is not registered on this computer: run " +
                                    "com-registration\\register.cmd (or regsvr32 on loymax_bridge.dll of this program's bitness)");
            return 1;
        }
        dynamic bridge;
        try
        {
            bridge = Activator.CreateInstance(type);
        }
        catch (COMException e)
        {
            Console.Error.WriteLine("FAIL: Loymax.Bridge cannot be created in this " + (IntPtr.Size * 8) + "-bit process (0x" +
                                    e.ErrorCode.ToString("X8") + (e.ErrorCode == unchecked((int)0x80040154)
                                        ? ", class not registered for this bitness: register loymax_bridge.dll of this bitness" : "") +
                                    "): " + e.Message + "; lmx_comcheck.exe shows what each bitness sees");
            return 1;
        }
        catch (Exception e) when (e is System.IO.FileNotFoundException || e is BadImageFormatException || e is TypeLoadException)
        {
            Console.Error.WriteLine("FAIL: Loymax.Bridge cannot be created: " + e.Message + "; lmx_comcheck.exe shows what each bitness sees");
            return 1;
        }
        try
        {
            Console.WriteLine("Loymax.Bridge " + bridge.Version + " (COM, dynamic)");
            bridge.Open(config);

            // 1. balance by phone
            bridge.SetParam("/cashier", "Иванова М.");
            bridge.SetParam("/identifier/type", "phone");
            bridge.SetParam("/identifier/value", CustomerPhone);
            bridge.Execute("balance");
            decimal before = Money(bridge.Result("/balance"));

            // 2. calculate: numbers may be passed as numbers (decimal -> VT_DECIMAL, sent as "89.9")
            bridge.SetParam("/cheque/number", DateTime.Now.ToString("HHmmss"));
            bridge.SetParam("/cheque/date", DateTime.Now);                  // VT_DATE: 2026-11-28T10:15:00
            bridge.SetParam("/cheque/lines/0/pos", 1);
            bridge.SetParam("/cheque/lines/0/goodsId", "1001");
            bridge.SetParam("/cheque/lines/0/name", "Молоко 3,2% 1 л");
            bridge.SetParam("/cheque/lines/0/price", 89.90m);
            bridge.SetParam("/cheque/lines/0/quantity", 2);
            bridge.SetParam("/cheque/lines/0/amount", "179.80");
            bridge.Execute("calculate");
            decimal total = Money(bridge.Result("/lines/0/amount"));
            string discount0 = bridge.Result("/lines/0/discount");
            decimal available = Money(bridge.Result("/availableAmount"));
            Console.WriteLine("calculated " + MoneyStr(total) + ", line 1 discount " + discount0);

            // 3. pay with bonuses, 4. discount with the payment split, 5. confirm
            decimal paid = Math.Min(available, 100m);
            if (paid > 0)
            {
                bridge.SetParam("/amount", MoneyStr(paid));
                bridge.Execute("pay");
                paid = Money(bridge.Result("/amount"));
            }
            bridge.SetParam("/pays/0/type", "Bonus");
            bridge.SetParam("/pays/0/amount", MoneyStr(paid));
            bridge.SetParam("/pays/1/type", "Card");
            bridge.SetParam("/pays/1/amount", MoneyStr(total - paid));
            bridge.Execute("discount");
            decimal accrued = Money(bridge.Result("/bonusAmount"));
            bridge.Execute("confirm");

            // 6. balance after
            bridge.ResetParams();
            bridge.Execute("balance", "{\"identifier\":{\"type\":\"phone\",\"value\":\"" + CustomerPhone + "\"}}");
            decimal after = Money(bridge.Result("/balance"));
            Console.WriteLine("paid " + MoneyStr(paid) + ", accrued " + MoneyStr(accrued) + ", balance " +
                              MoneyStr(before) + " -> " + MoneyStr(after));
            if (after != before - paid + accrued)
                throw new InvalidOperationException("the balance after the purchase is wrong");

            // 7. a blocked card: COMException with the processing's text
            bridge.ResetParams();
            bridge.SetParam("/identifier/type", "cardNumber");
            bridge.SetParam("/identifier/value", BlockedCard);
            try
            {
                bridge.Execute("balance");
                throw new InvalidOperationException("a blocked card was accepted");
            }
            catch (COMException e)
            {
                Console.WriteLine("card " + BlockedCard + ": 0x" + e.ErrorCode.ToString("X8") + ", status " +
                                  bridge.LastErrorCode + ": " + e.Message);
                if (e.ErrorCode != HResultCardBlocked || (int)bridge.LastErrorCode != 205)
                    throw new InvalidOperationException("expected 0x800402CD (CardBlocked)");
            }
            bridge.Close();
            Console.WriteLine("PASS");
            return 0;
        }
        catch (COMException e)
        {
            Console.WriteLine("FAIL: 0x" + e.ErrorCode.ToString("X8") + ": " + e.Message);
            return 1;
        }
        catch (Exception e)
        {
            Console.WriteLine("FAIL: " + e.Message);
            return 1;
        }
        finally
        {
            Marshal.FinalReleaseComObject(bridge);
        }
    }
}
