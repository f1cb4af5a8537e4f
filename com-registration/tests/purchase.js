// purchase.js - Loymax.Bridge from JScript: the same checks as purchase.vbs (COM surface without the
// Java core, then a whole purchase when the host engine answers).  Run: cscript //nologo purchase.js
//   environment LMX_COM_CONFIG: the register configuration JSON for the purchase part.
// Prints "PASS com-basics", then "PASS purchase" or "SKIP purchase: <why>"; exit status = failures.
// JScript sees COM errors as exceptions: e.number (signed 32-bit HRESULT), e.description.
var fails = 0, checks = 0;

function check(cond, what) {
    checks++;
    if (!cond) { fails++; WScript.Echo("FAIL " + what); }
}
function hex(n) { return (n >>> 0).toString(16).toUpperCase(); }

var o;
try {
    o = new ActiveXObject("Loymax.Bridge");
} catch (e) {
    WScript.Echo("FAIL new ActiveXObject(\"Loymax.Bridge\"): " + hex(e.number) + " " + e.description);
    WScript.Quit(1);
}

// Runs f, which must throw a COM error with this status; returns its description.
function expect(status, what, f) {
    try {
        f();
        check(false, what + ": no error raised");
        return "";
    } catch (e) {
        var want = (0x80040200 + status) | 0;
        check(e.number == want, what + ": number " + hex(e.number) + ", want " + hex(want) + " (" + e.description + ")");
        check(o.LastErrorCode == status, what + ": LastErrorCode " + o.LastErrorCode);
        check(e.description == o.LastErrorText && e.description != "", what + ": description <> LastErrorText: " + e.description);
        return e.description;
    }
}

// Decimal string -> cents, without floating point
function cents(s) {
    var m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(String(s));
    if (!m) return NaN;
    var frac = ((m[3] || "") + "00").substring(0, 2);
    var c = parseInt(m[2] || "0", 10) * 100 + parseInt(frac, 10);
    return m[1] ? -c : c;
}
function money(c) { return Math.floor(c / 100) + "." + ("0" + (c % 100)).slice(-2); }

// ==== 1. the object, without the Java core ==========================================================
var kassa = String.fromCharCode(0x43A, 0x430, 0x441, 0x441, 0x430);           // "kassa" in Cyrillic
var cashier = String.fromCharCode(0x418, 0x432, 0x430, 0x43D, 0x43E, 0x432, 0x430) + " \uD834\uDD1E"; // + U+1D11E
var t, r;
check(o.Version != "", "Version");
WScript.Echo("Loymax.Bridge " + o.Version);
check(o.StatusOk == 0 && o.StatusNoJvm == 3 && o.StatusHostUnreachable == 5 && o.StatusCardBlocked == 205 &&
      o.StatusUnknownCommand == 404, "status constants");
check(o.RaiseErrors === true, "RaiseErrors defaults to true");
check(o.IsOpen === false, "IsOpen before Open");

t = expect(o.StatusConfigInvalid, "Open with an unknown engine", function () { o.Open('{"engine":"' + kassa + '"}'); });
check(t.indexOf('"' + kassa + '"') >= 0, "the Cyrillic engine name round-trips: " + t);
t = expect(o.StatusConfigInvalid, "Open with a non-BMP engine name", function () { o.Open('{"engine":"' + cashier + '"}'); });
check(t.indexOf(cashier) >= 0, "the surrogate pair round-trips: " + t);
expect(o.StatusNoJvm, "Open in-process without a Windows JVM", function () { o.Open("{}"); });
expect(o.StatusHostUnreachable, "Open with an unreachable host", function () { o.Open('{"engine":"host","hostAddress":"127.0.0.1:1"}'); });
expect(o.StatusInvalidHandle, "Execute before Open", function () { o.Execute("balance"); });
expect(o.StatusInvalidHandle, "IsOnline before Open", function () { return o.IsOnline; });

t = expect(o.StatusBadArgument, "Open without its argument", function () { o.Open(); });
check(t.indexOf("'config'") >= 0, "missing argument named: " + t);
t = expect(o.StatusBadArgument, "SetParam without its value", function () { o.SetParam("/identifier/value"); });
check(t.indexOf("'value'") >= 0, "missing value named: " + t);
t = expect(o.StatusBadArgument, "Execute with 3 arguments", function () { o.Execute("balance", "{}", 3); });
check(t.indexOf("command, requestJson") >= 0, "arguments listed: " + t);
t = expect(o.StatusBadArgument, "Open(null)", function () { o.Open(null); });
check(t.indexOf("'config'") >= 0 && t.indexOf("Null") >= 0, "wrong type named: " + t);

o.RaiseErrors = false;
check(o.RaiseErrors === false, "RaiseErrors false");
try {
    o.Open('{"engine":"host","hostAddress":"127.0.0.1:1"}');
    check(o.LastErrorCode == o.StatusHostUnreachable && o.LastErrorText != "", "LastErrorCode without raising: " + o.LastErrorCode);
    r = o.Execute("balance");
    check(r === "" && o.LastErrorCode == o.StatusInvalidHandle, "Execute without raising: " + o.LastErrorCode);
    o.SetParam("/a");
    check(o.LastErrorCode == o.StatusBadArgument, "missing argument without raising: " + o.LastErrorCode);
} catch (e) {
    check(false, "raised although RaiseErrors is false: " + hex(e.number) + " " + e.description);
}
o.RaiseErrors = true;

var BASIC_CHECKS = 44;
if (checks != BASIC_CHECKS) { fails++; WScript.Echo("FAIL com-basics: " + checks + " checks ran, " + BASIC_CHECKS + " expected"); }
if (fails == 0) WScript.Echo("PASS com-basics (" + checks + " checks)");

// ==== 2. a whole purchase through the host engine ====================================================
var cfg = new ActiveXObject("WScript.Shell").Environment("PROCESS")("LMX_COM_CONFIG");
if (!cfg) {
    WScript.Echo("SKIP purchase: LMX_COM_CONFIG is not set");
    WScript.Quit(fails);
}
try {
    o.Open(cfg);
} catch (e) {
    if ((e.number >>> 0) == 0x80040205 && e.description.indexOf("not available") >= 0) {
        WScript.Echo("SKIP purchase: the host engine is not in this library yet: " + e.description);
    } else {
        WScript.Echo("FAIL purchase: Open: " + hex(e.number) + " " + e.description);
        fails++;
    }
    WScript.Quit(fails);
}
var failsBefore = fails;
try {
    // 1. balance by phone
    o.SetParam("/cashier", cashier);
    o.SetParam("/identifier/type", "phone");
    o.SetParam("/identifier/value", 79260000003);              // a JScript number -> "79260000003"
    r = o.Execute("balance");
    var before = cents(o.Result("/balance"));
    check(JSON_like(r), "Execute returns the result JSON: " + r);

    // 2. calculate
    o.SetParam("/cheque/number", "JS-" + new Date().getTime() % 100000);
    var now = new Date();
    try {
        o.SetParam("/cheque/date", now.getVarDate());          // VT_DATE (wine's JScript lacks getVarDate)
    } catch (e) {
        o.SetParam("/cheque/date", now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" +
                   ("0" + now.getDate()).slice(-2) + "T" + ("0" + now.getHours()).slice(-2) + ":" +
                   ("0" + now.getMinutes()).slice(-2) + ":00");
    }
    o.SetParam("/cheque/lines/0/pos", 1);
    o.SetParam("/cheque/lines/0/goodsId", "1001");
    o.SetParam("/cheque/lines/0/name", "Milk");
    o.SetParam("/cheque/lines/0/price", 89.9);                 // VT_R8 -> "89.9"
    o.SetParam("/cheque/lines/0/quantity", 2);
    o.SetParam("/cheque/lines/0/amount", "179.80");
    r = o.Execute("calculate");
    var total = cents(o.Result("/lines/0/amount"));
    var disc = o.Result("/lines/0/discount");
    var avail = cents(o.Result("/availableAmount"));
    check(o.IsOnline === true && o.QueueLength == 0 && o.DeadCount == 0, "online, queue empty");
    check(o.Result("/lines/0/discount") == disc, "Result unchanged after the status properties");

    // 3. pay, 4. discount, 5. confirm
    var paid = Math.min(avail, 10000);
    if (paid > 0) {
        o.SetParam("/amount", money(paid));
        o.Execute("pay");
        paid = cents(o.Result("/amount"));
    }
    o.SetParam("/pays/0/type", "Bonus");
    o.SetParam("/pays/0/amount", money(paid));
    o.SetParam("/pays/1/type", "Card");
    o.SetParam("/pays/1/amount", money(total - paid));
    o.Execute("discount");
    var accrued = cents(o.Result("/bonusAmount"));
    o.Execute("confirm");

    // 6. balance after
    o.ResetParams();
    o.Execute("balance", '{"identifier":{"type":"phone","value":"79260000003"}}');
    var after = cents(o.Result("/balance"));
    check(after == before - paid + accrued, "balance " + money(after) + " <> " + money(before) + " - " + money(paid) + " + " + money(accrued));
    WScript.Echo("purchase: total " + money(total) + ", paid " + money(paid) + ", accrued " + money(accrued) +
                 ", line 1 discount " + disc + ", balance " + money(before) + " -> " + money(after));
} catch (e) {
    check(false, "purchase: " + hex(e.number) + " " + e.description);
}
// 7. a blocked card
o.ResetParams();
o.SetParam("/identifier/type", "cardNumber");
o.SetParam("/identifier/value", "8690037");
t = expect(o.StatusCardBlocked, "blocked card", function () { o.Execute("balance"); });
check(t.indexOf("Card is blocked") >= 0, "the processing's text: " + t);
expect(o.StatusUnknownCommand, "unknown command", function () { o.Execute("nosuch"); });
o.Close();
check(o.IsOpen === false, "IsOpen after Close");
if (fails == failsBefore) WScript.Echo("PASS purchase");
WScript.Quit(fails);

function JSON_like(s) { return typeof s == "string" && s.charAt(0) == "{" && s.indexOf('"balance"') > 0; }
