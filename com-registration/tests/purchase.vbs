' purchase.vbs - Loymax.Bridge from VBScript: the COM surface without the Java core, then (when the
' host engine answers) a whole purchase.  Run:  cscript //nologo purchase.vbs
'   environment LMX_COM_CONFIG: the register configuration JSON for the purchase ("engine":"host",
'   hostAddress, tokenFile, url, login, password); without it the purchase part is skipped.
' Prints "PASS com-basics", then "PASS purchase" or "SKIP purchase: <why>"; exit status = failures.
' The file is ASCII on purpose (cscript reads .vbs in the ANSI code page): Cyrillic text is built
' from texts-utf16.txt.  samples-1c/Purchase.bsl's line-for-line twin is purchase-1c.vbs beside this file.
Option Explicit
On Error Resume Next

Dim fails, checks, o, cfg, r, t, code, desc, src, num
fails = 0 : checks = 0

' With On Error Resume Next a statement whose argument raised is skipped silently, so the checks
' are counted and the count is compared with the number the script contains.
Sub Check(cond, what)
  checks = checks + 1
  If Not cond Then
    fails = fails + 1
    WScript.Echo "FAIL " & what
  End If
End Sub

' The non-ASCII test texts, read from texts-utf16.txt beside this script (UTF-16): wine 8's VBScript
' has no ChrW, and a .vbs file is read in the ANSI code page.  1 = "kassa", 2 = "Ivanova" + U+1D11E
' (a non-BMP character: a surrogate pair), 3 = "Moloko 3,2% 1 l" (all Cyrillic); 4-10 = parts of the
' bridge's Russian sentences (issue 13: Russian is the default): 4 the library's configuration error,
' 5 a COM argument error, 6 the host engine's "not running", 7 a validation error, 8 the core's
' configuration error, 9 a transport error (HTTP 401), 10 an offline refusal.
Const N_TEXTS = 10
Dim texts(10)
Sub LoadTexts()
  Dim fso, f, i
  Set fso = CreateObject("Scripting.FileSystemObject")
  Set f = fso.OpenTextFile(fso.BuildPath(fso.GetParentFolderName(WScript.ScriptFullName), "texts-utf16.txt"), 1, False, -1)
  For i = 1 To N_TEXTS
    texts(i) = f.ReadLine
  Next
  f.Close
  If Err.Number <> 0 Then
    WScript.Echo "FAIL reading texts-utf16.txt: " & Err.Description
    WScript.Quit 1
  End If
End Sub
LoadTexts

' Calls must fail with this status: Err.Number = &H80040200 + status, Err.Source = "Loymax.Bridge",
' Err.Description = LastErrorText.  Returns the description.
Function Expect(status, what)
  num = Err.Number : desc = Err.Description : src = Err.Source
  Err.Clear
  Check num = &H80040200 + status, what & ": Err.Number " & Hex(num) & ", want " & Hex(&H80040200 + status) & " (" & desc & ")"
  Check src = "Loymax.Bridge", what & ": Err.Source " & src
  Check o.LastErrorCode = status, what & ": LastErrorCode " & o.LastErrorCode
  Check desc = o.LastErrorText And desc <> "", what & ": Err.Description <> LastErrorText: " & desc
  Expect = desc
End Function

Sub NoError(what)
  If Err.Number <> 0 Then
    Check False, what & ": error " & Hex(Err.Number) & " " & Err.Description
    Err.Clear
  End If
End Sub

' Decimal string -> cents (never through the locale: "89.90" -> 8990)
Function Cents(s)
  Dim i, c, neg, units, frac, digits
  neg = False : units = 0 : frac = 0 : digits = -1
  For i = 1 To Len(s)
    c = Mid(s, i, 1)
    If c = "-" Then
      neg = True
    ElseIf c = "." Then
      digits = 0
    ElseIf c >= "0" And c <= "9" Then
      If digits < 0 Then
        units = units * 10 + CLng(c)
      ElseIf digits < 2 Then
        frac = frac * 10 + CLng(c) : digits = digits + 1
      End If
    End If
  Next
  If digits < 0 Then digits = 0
  Do While digits < 2 : frac = frac * 10 : digits = digits + 1 : Loop
  Cents = units * 100 + frac
  If neg Then Cents = -Cents
End Function

Function Money(c)
  Money = CStr(Int(c / 100)) & "." & Right("0" & CStr(c Mod 100), 2)
End Function

' ==== 1. the object, without the Java core ==========================================================
Set o = CreateObject("Loymax.Bridge")
If Err.Number <> 0 Then
  WScript.Echo "FAIL CreateObject(""Loymax.Bridge""): " & Hex(Err.Number) & " " & Err.Description
  WScript.Quit 1
End If
Check TypeName(o) = "ILoymaxBridge2", "TypeName " & TypeName(o)
Check o.Version <> "", "Version"
WScript.Echo "Loymax.Bridge " & o.Version
Check o.StatusOk = 0 And o.StatusNoJvm = 3 And o.StatusHostUnreachable = 5 And o.StatusCardBlocked = 205 _
      And o.StatusUnknownCommand = 404 And o.StatusOfflineRefused = 100, "status constants"
Check o.RaiseErrors = True, "RaiseErrors defaults to True"
Check o.IsOpen = False, "IsOpen before Open"

' bad configurations
o.Open "{""engine"":""" & texts(1) & """}"          ' unknown engine "kassa" (Cyrillic)
t = Expect(o.StatusConfigInvalid, "Open with an unknown engine")
Check InStr(t, texts(1)) > 0, "the Cyrillic engine name round-trips in the text: " & t
Check InStr(t, texts(4)) > 0, "a configuration error in Russian by default: " & t
o.Open "{}"                                                               ' in-process: no Windows JVM here
t = Expect(o.StatusNoJvm, "Open in-process without a Windows JVM")
o.Open "{""engine"":""host"",""hostAddress"":""127.0.0.1:1""}"             ' nobody listens on port 1
t = Expect(o.StatusHostUnreachable, "Open with an unreachable host")
Check InStr(t, texts(6)) > 0, "the host engine's sentence in Russian: " & t
Check o.IsOpen = False, "IsOpen after failed Opens"
o.Close 1
t = Expect(o.StatusBadArgument, "Close with an argument (Russian)")
Check InStr(t, texts(5)) > 0, "the object's own sentence in Russian: " & t

' "language":"en": the object's own sentences follow the configuration given to Open, even a failed one
o.Open "{""language"":""en"",""engine"":""" & texts(1) & """}"
t = Expect(o.StatusConfigInvalid, "Open with an unknown engine (English)")
Check InStr(t, "configuration key ""engine"" is") > 0, "a configuration error in English: " & t
o.Open "{""language"":""en"",""engine"":""host"",""hostAddress"":""127.0.0.1:1""}"
t = Expect(o.StatusHostUnreachable, "Open with an unreachable host (English)")
Check InStr(t, "the bridge host is not running") > 0, "the host engine's sentence in English: " & t

' calls before Open
r = o.Execute("balance")
t = Expect(o.StatusInvalidHandle, "Execute before Open")
r = o.QueueLength
t = Expect(o.StatusInvalidHandle, "QueueLength before Open")

' argument count and types: the sentence names the argument
o.Open
t = Expect(o.StatusBadArgument, "Open without its argument")
Check InStr(t, "'config'") > 0, "missing argument named: " & t
o.SetParam "/identifier/value"
t = Expect(o.StatusBadArgument, "SetParam without its value")
Check InStr(t, "'value'") > 0, "missing value named: " & t
o.Close 1
t = Expect(o.StatusBadArgument, "Close with an argument")
Check InStr(t, "no arguments") > 0, "too many arguments: " & t
r = o.Execute("balance", "{}", 3)
t = Expect(o.StatusBadArgument, "Execute with 3 arguments")
Check InStr(t, "command, requestJson") > 0, "Execute's arguments listed: " & t
o.Open Array(1, 2)
t = Expect(o.StatusBadArgument, "Open with an array")
Check InStr(t, "'config'") > 0 And InStr(t, "array") > 0, "wrong type named: " & t
o.SetParam "/cheque/lines/0/price", Array(1)
t = Expect(o.StatusBadArgument, "SetParam with an array value")
Check InStr(t, "'value'") > 0, "wrong value type named: " & t
r = o.Result(Array(1))
t = Expect(o.StatusBadArgument, "Result with an array")
o.RaiseErrors = Array(1)
t = Expect(o.StatusBadArgument, "RaiseErrors = array")

' RaiseErrors = False: nothing raised, LastErrorCode/LastErrorText tell
o.RaiseErrors = False
Check o.RaiseErrors = False, "RaiseErrors False"
o.Open "{""engine"":""host"",""hostAddress"":""127.0.0.1:1""}"
Check Err.Number = 0, "no error raised with RaiseErrors False: " & Hex(Err.Number)
Err.Clear
Check o.LastErrorCode = o.StatusHostUnreachable And o.LastErrorText <> "", "LastErrorCode without raising: " & o.LastErrorCode
r = o.Execute("balance")
Check Err.Number = 0 And r = "" And o.LastErrorCode = o.StatusInvalidHandle, "Execute without raising: " & o.LastErrorCode
o.SetParam "/a"
Check Err.Number = 0 And o.LastErrorCode = o.StatusBadArgument, "missing argument without raising: " & o.LastErrorCode
Err.Clear
o.RaiseErrors = True
NoError "RaiseErrors True"

Const BASIC_CHECKS = 87
If checks <> BASIC_CHECKS Then
  WScript.Echo "FAIL com-basics: " & checks & " checks ran, " & BASIC_CHECKS & " expected (a statement failed silently)"
  fails = fails + 1
End If
If fails = 0 Then WScript.Echo "PASS com-basics (" & checks & " checks)"

' ==== 2. a whole purchase through the host engine ====================================================
Dim Q : Q = Chr(34)
Dim env, before, after, avail, paid, accrued, total, disc, line0, card, purchaseId, i
Set env = CreateObject("WScript.Shell").Environment("PROCESS")
cfg = env("LMX_COM_CONFIG")
If cfg = "" Then
  WScript.Echo "SKIP purchase: LMX_COM_CONFIG is not set"
  WScript.Quit fails
End If
o.Open cfg
If Err.Number <> 0 Then
  num = Err.Number : desc = Err.Description : Err.Clear
  If num = &H80040205 And InStr(desc, "not available") > 0 Then
    WScript.Echo "SKIP purchase: the host engine is not in this library yet: " & desc
  Else
    WScript.Echo "FAIL purchase: Open: " & Hex(num) & " " & desc
    fails = fails + 1
  End If
  WScript.Quit fails
End If
Check o.IsOpen, "IsOpen"
Dim failsBefore, checksBefore : failsBefore = fails : checksBefore = checks

' 1. balance by phone; the phone given as a number (a Double in VBScript) arrives as "79260000003"
o.SetParam "/cashier", texts(2)                                   ' Cyrillic + U+1D11E
o.SetParam "/identifier/type", "phone"
o.SetParam "/identifier/value", 79260000003
r = o.Execute("balance")
NoError "balance"
before = Cents(o.Result("/balance"))
Check InStr(r, """balance""") > 0, "Execute returns the result JSON: " & r
Check o.Result("/identifierData/Holder") <> "", "holder"

' 2. calculate: lines set one parameter at a time, numbers of every kind a caller passes
o.SetParam "/cheque/number", "VBS-" & CStr(Int(Timer))
o.SetParam "/cheque/date", Now                                  ' VT_DATE -> 2026-11-28T10:15:00
o.SetParam "/cheque/lines/0/pos", 1                              ' VT_I2
o.SetParam "/cheque/lines/0/goodsId", "1001"
o.SetParam "/cheque/lines/0/name", texts(3)                          ' Cyrillic
o.SetParam "/cheque/lines/0/price", 89.9                         ' VT_R8: "89.9" whatever the locale
o.SetParam "/cheque/lines/0/quantity", 2
o.SetParam "/cheque/lines/0/amount", "179.80"
o.SetParam "/cheque/lines/1/pos", 2
o.SetParam "/cheque/lines/1/goodsId", "1002"
o.SetParam "/cheque/lines/1/name", "Bread"
o.SetParam "/cheque/lines/1/price", CCur(45.5)                   ' VT_CY
o.SetParam "/cheque/lines/1/quantity", CLng(1)                   ' VT_I4
o.SetParam "/cheque/lines/1/amount", CCur(45.5)
NoError "SetParam"
r = o.Execute("calculate")
NoError "calculate"
total = Cents(o.Result("/lines/0/amount")) + Cents(o.Result("/lines/1/amount"))
disc = o.Result("/lines/0/discount")
avail = Cents(o.Result("/availableAmount"))
purchaseId = o.Result("/purchaseId")
Check purchaseId <> "", "purchaseId"
NoError "calculate results"
' the status properties never replace the last result
Check o.IsOnline = True, "IsOnline"
Check o.QueueLength = 0 And o.DeadCount = 0 And o.OldestQueuedAge = 0, "queue empty"
Check o.Result("/lines/0/discount") = disc, "Result unchanged after the status properties"
NoError "status properties"

' 3. pay with bonuses: 100.00 or what is available
paid = avail
If paid > 10000 Then paid = 10000
If paid > 0 Then
  o.SetParam "/amount", Money(paid)
  r = o.Execute("pay")
  NoError "pay"
  paid = Cents(o.Result("/amount"))
End If

' 4. discount with the payment split
o.SetParam "/pays/0/type", "Bonus"
o.SetParam "/pays/0/amount", Money(paid)
o.SetParam "/pays/1/type", "Card"
o.SetParam "/pays/1/amount", Money(total - paid)
r = o.Execute("discount")
NoError "discount"
accrued = Cents(o.Result("/bonusAmount"))
line0 = o.Result("/lines/0/discount")
Err.Clear

' 5. confirm
r = o.Execute("confirm")
NoError "confirm"

' 6. balance after: before - paid + accrued
o.ResetParams
r = o.Execute("balance", "{""identifier"":{""type"":""phone"",""value"":""79260000003""}}")  ' whole JSON this time
NoError "balance after"
after = Cents(o.Result("/balance"))
Check after = before - paid + accrued, "balance " & Money(after) & " <> " & Money(before) & " - " & Money(paid) & " + " & Money(accrued)
WScript.Echo "purchase " & purchaseId & ": total " & Money(total) & ", paid with bonuses " & Money(paid) & _
             ", accrued " & Money(accrued) & ", line 1 discount " & line0 & ", balance " & Money(before) & " -> " & Money(after)

' 7. a blocked card: a COM error whose description is the processing's text
o.ResetParams
o.SetParam "/identifier/type", "cardNumber"
o.SetParam "/identifier/value", "8690037"
r = o.Execute("balance")
t = Expect(o.StatusCardBlocked, "blocked card")
Check InStr(t, "Card is blocked") > 0, "the processing's text: " & t
Check o.Result("/error/status") = "205", "the failed result is readable: " & o.Result("/error/status")
Err.Clear

' 8. an unknown command
r = o.Execute("nosuch")
t = Expect(o.StatusUnknownCommand, "unknown command")

' 9. issue 13: a validation error, a configuration error, a transport error and an offline refusal
' reach Err.Description in Russian by default and in English with "language":"en"; processing's
' own text is the same in both
Dim o2, lang, en, url, k, cfgLang
Function Either(cond, a, b)
  If cond Then Either = a Else Either = b
End Function
k = InStr(cfg, """url"":""") + 7
url = Mid(cfg, k, InStr(k, cfg, """") - k)
For Each lang In Array("", """language"":""en"",")
  en = (lang <> "")
  cfgLang = Replace(cfg, "{", "{" & lang, 1, 1)
  If en Then
    o.Close
    o.Open cfgLang
    NoError "Open with language en"
  End If
  r = o.Execute("balance", "{}")
  t = Expect(o.StatusMissingField, "validation error " & lang)
  Check InStr(t, Either(en, "/identifier is required", texts(7))) > 0, "validation error text: " & t
  Set o2 = CreateObject("Loymax.Bridge")
  o2.Open Replace(cfgLang, """password""", """pasword""")            ' a typo: the core names the key it meant
  num = Err.Number : desc = Err.Description : Err.Clear
  Check num = &H80040200 + o.StatusConfigInvalid And desc = o2.LastErrorText, "configuration error " & lang & ": " & Hex(num) & " " & desc
  Check InStr(desc, Either(en, "is unknown; did you mean ""password""", texts(8))) > 0, "configuration error text: " & desc
  ' the seed's second register (reg02, its own queue) with a wrong password: processing answers HTTP 401
  o2.Open Replace(Replace(Replace(cfgLang, "reg01", "reg02"), """secret""", """wrong"""), "register-data", "register-data-02")
  NoError "Open reg02"
  r = o2.Execute("balance", "{""identifier"":{""value"":""8690003""}}")
  num = Err.Number : desc = Err.Description : Err.Clear
  Check num = &H80040200 + o.StatusAuthFailed And desc = o2.LastErrorText, "transport error " & lang & ": " & Hex(num) & " " & desc
  Check InStr(desc, Either(en, "processing refused the register's login or password (HTTP 401)", texts(9))) > 0, "transport error text: " & desc
  o2.Close
  ' reg78 at a processing address where nobody listens: the balance is refused offline
  o2.Open Replace(Replace(Replace(cfgLang, url, "http://127.0.0.1:9/XmlExchange/demo-partner/reg78/"), "reg01", "reg78"), _
                  "register-data", "register-data-78")
  NoError "Open reg78"
  r = o2.Execute("balance", "{""identifier"":{""value"":""8690003""}}")
  num = Err.Number : desc = Err.Description : Err.Clear
  Check num = &H80040200 + o.StatusOfflineRefused And desc = o2.LastErrorText, "offline refusal " & lang & ": " & Hex(num) & " " & desc
  Check InStr(desc, Either(en, "No connection to Loymax processing", texts(10))) > 0, "offline refusal text: " & desc
  o2.Close
  Set o2 = Nothing
  o.SetParam "/identifier/type", "cardNumber"
  o.SetParam "/identifier/value", "8690037"
  r = o.Execute("balance")
  t = Expect(o.StatusCardBlocked, "blocked card " & lang)
  Check InStr(t, "Card is blocked") > 0, "the processing's text unchanged: " & t
  o.ResetParams
Next
' 10. TestConnection (ILoymaxBridge2, type library 1.1): every step passed, the verdicts as JSON
r = o.TestConnection
NoError "TestConnection"
Check InStr(r, Q & "step" & Q & ":" & Q & "protocol" & Q) > 0 And InStr(r, Q & "ok" & Q & ":false") = 0 And o.LastErrorCode = 0, "TestConnection: " & r

o.Close
NoError "Close"
Check o.IsOpen = False, "IsOpen after Close"
Const PURCHASE_CHECKS = 51
If fails = failsBefore And checks - checksBefore <> PURCHASE_CHECKS Then
  WScript.Echo "FAIL purchase: " & (checks - checksBefore) & " checks ran, " & PURCHASE_CHECKS & " expected (a statement failed silently)"
  fails = fails + 1
End If
If fails = failsBefore Then WScript.Echo "PASS purchase (" & (checks - checksBefore) & " checks)"
WScript.Quit fails
