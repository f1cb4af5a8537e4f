// RegisterSession.cs — a register's loyalty session through the Loymax bridge, in C#.
//
//   balance by phone -> calculate a cheque built with SetParam (JSON Pointer) -> pay with bonuses
//   -> discount with the payment split -> confirm -> balance again -> a blocked card's error
//
// Usage: RegisterSession.exe [URL | CONFIG]
//   URL     the emulator or server base URL (the demo register demo-partner/reg01 is used)
//   CONFIG  the configuration JSON object, or the path of a file holding one
// Without an argument: the environment variable LMX_CONFIG (URL or CONFIG), else
// http://127.0.0.1:8095 (the emulator's default port).
//
// Exit code 0 and a last line "PASS" when all went as expected; 1 and "FAIL: ..." otherwise.
//   mcs -out:RegisterSession.exe RegisterSession.cs LoymaxBridge.cs
//   LD_LIBRARY_PATH=/path/to/dist/linux-x64 mono RegisterSession.exe http://127.0.0.1:8095
using System;
using System.Globalization;
using Loymax.Bridge;

static class RegisterSession
{
    const string CustomerPhone = "79260000003";
    const string BlockedCard = "8690037";

    static readonly string[][] Basket = {
        //          goodsId  name                  price     quantity
        new[] { "1001", "Молоко 3,2% 1 л",   "89.90",  "2" },
        new[] { "1002", "Хлеб бородинский",  "45.50",  "1" },
        new[] { "1003", "Сыр российский",    "420.00", "0.5" },
        new[] { "1004", "Яблоки",            "129.99", "1.535" },
        new[] { "1005", "Вода 0,5 л",        "39.00",  "3" },
    };

    // Money travels as decimal strings with a dot; decimal, never double.
    static decimal Money(string s) { return string.IsNullOrEmpty(s) ? 0m : decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture); }
    static string Str(decimal d) { return d.ToString("0.00", CultureInfo.InvariantCulture); }

    static string ConfigFromArgs(string[] args)
    {
        string c = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("LMX_CONFIG");
        if (string.IsNullOrEmpty(c)) c = "http://127.0.0.1:8095";
        if (c.StartsWith("http://", StringComparison.Ordinal) || c.StartsWith("https://", StringComparison.Ordinal))
            c = "{\"url\":\"" + c + "\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\"}";
        return c;
    }

    static int Main(string[] args)
    {
        try
        {
            Run(ConfigFromArgs(args));
            Console.WriteLine("PASS");
            return 0;
        }
        catch (LoymaxException e)
        {
            Console.WriteLine("FAIL: status " + e.Status + ": " + e.Text);
        }
        catch (Exception e)
        {
            Console.WriteLine("FAIL: " + e);
        }
        return 1;
    }

    static void Run(string config)
    {
        Console.WriteLine("Loymax bridge library " + LoymaxBridge.Version + (LoymaxBridge.Wide ? " (UTF-16 functions)" : " (UTF-8 functions)"));
        using (var lmx = new LoymaxBridge(config))
        {
            // 1. balance by phone
            lmx.SetParam("/cashier", "Иванова М.");
            lmx.SetParam("/identifier/type", "phone");
            lmx.SetParam("/identifier/value", CustomerPhone);
            lmx.Execute("balance");
            decimal before = Money(lmx.Value("/balance"));
            Console.WriteLine("Customer " + lmx.ValueOr("/identifierData/Holder", "?") + " (card "
                + lmx.ValueOr("/identifierData/MaskedNumber", "?") + "): balance " + Str(before) + " " + lmx.ValueOr("/currency", ""));

            // 2. the cheque, parameter by parameter, then calculate
            DateTime now = DateTime.Now;
            lmx.SetParam("/cheque/number", ((int)now.TimeOfDay.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            lmx.SetParam("/cheque/date", now.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            for (int i = 0; i < Basket.Length; i++)
            {
                string l = "/cheque/lines/" + i + "/";
                lmx.SetParam(l + "pos", (i + 1).ToString(CultureInfo.InvariantCulture));
                lmx.SetParam(l + "goodsId", Basket[i][0]);
                lmx.SetParam(l + "name", Basket[i][1]);
                lmx.SetParam(l + "price", Basket[i][2]);
                lmx.SetParam(l + "quantity", Basket[i][3]);
                lmx.SetParam(l + "amount", Str(Math.Round(Money(Basket[i][2]) * Money(Basket[i][3]), 2, MidpointRounding.AwayFromZero)));
            }
            lmx.Execute("calculate");
            decimal total = 0, totalDiscount = 0;
            for (int i = 0; i < Basket.Length; i++)
            {
                total += Money(lmx.Value("/lines/" + i + "/amount"));
                totalDiscount += Money(lmx.ValueOr("/lines/" + i + "/discount", "0"));
            }
            decimal available = Money(lmx.ValueOr("/availableAmount", "0"));
            Console.WriteLine("Calculated: " + Str(total) + " after " + Str(totalDiscount) + " discount; available " + Str(available));

            // 3. pay 100 with bonuses (or what is available)
            decimal paid = 0;
            decimal redeem = Math.Min(100m, available);
            if (redeem > 0)
            {
                lmx.SetParam("/amount", Str(redeem));
                lmx.Execute("pay");
                paid = Money(lmx.Value("/amount"));
            }
            Console.WriteLine("Paid with bonuses: " + Str(paid) + "  (transaction " + lmx.ValueOr("/transactionId", "-") + ")");

            // 4. discount: final calculation and accrual, with the payment split
            decimal cardPart = total - paid;
            int k = 0;
            if (paid > 0)
            {
                lmx.SetParam("/pays/0/type", "Bonus");
                lmx.SetParam("/pays/0/amount", Str(paid));
                k = 1;
            }
            lmx.SetParam("/pays/" + k + "/type", "Card");
            lmx.SetParam("/pays/" + k + "/amount", Str(cardPart));
            lmx.Execute("discount");
            decimal accrued = Money(lmx.ValueOr("/bonusAmount", "0"));
            Console.WriteLine("Card payment: " + Str(cardPart) + "; bonuses accrued: " + Str(accrued));
            Console.WriteLine("Cheque message: " + lmx.ValueOr("/chequeMessage", ""));

            // 5. confirm
            lmx.Execute("confirm");
            Console.WriteLine("Confirmed purchase " + lmx.Value("/purchaseId"));

            // 6. balance after: a new request, so the bag is emptied first
            lmx.ResetParams();
            lmx.SetParam("/identifier/type", "phone");
            lmx.SetParam("/identifier/value", CustomerPhone);
            lmx.Execute("balance");
            decimal after = Money(lmx.Value("/balance"));
            Console.WriteLine("Balance: " + Str(before) + " - " + Str(paid) + " + " + Str(accrued) + " = " + Str(after));
            if (after != before - paid + accrued)
                throw new Exception("balance after is " + Str(after) + ", expected " + Str(before - paid + accrued));

            // 7. a blocked card: processing's error arrives as LoymaxException with status and text
            lmx.ResetParams();
            lmx.SetParam("/identifier/type", "cardNumber");
            lmx.SetParam("/identifier/value", BlockedCard);
            try
            {
                lmx.Execute("balance");
                throw new Exception("a blocked card was accepted");
            }
            catch (LoymaxException e)
            {
                Console.WriteLine("Card " + BlockedCard + ": " + e.Message + " [" + lmx.ValueOr("/error/name", "?") + "]");
                // Message is processing's text as it is; the status is its own property
                if (e.Status != 205 || string.IsNullOrEmpty(e.Text) || e.Message != lmx.LastErrorText)
                    throw new Exception("expected status 205 with processing's text as the message, got " + e.Status + ": " + e.Message);
            }
            // the same without exceptions
            int st = lmx.TryExecute("balance");
            if (st != 205 || lmx.LastErrorCode != 205)
                throw new Exception("TryExecute: expected 205, got " + st);
        }
    }
}
