' purchase-1c.vbs - the VBScript twin of samples-1c/Purchase.bsl, run under wine in the COM tests.
' Every function below is the 1C module's, line for line (each 1C line carries a "// vbs:" comment
' with its line here); the 1C language cannot run here, this twin runs the same calls in the same
' order against the same COM object.  The file is ASCII (cscript reads .vbs in the ANSI code page):
' where the 1C module tells the cashier a Russian sentence, the twin tells an English one.
'
' Run:  cscript //nologo purchase-1c.vbs     environment LMX_COM_CONFIG: the register configuration
' ("engine":"host", emulator url, login reg01 ...).  Three sales: a purchase with loyalty, a blocked
' card (the sale goes on without loyalty), processing unreachable (no redemption, discount queued).
' Prints "PASS purchase-1c: ..." per sale; exit status = failures.
Option Explicit
On Error Resume Next

Dim fails, told
fails = 0 : told = ""

' ---- the module's functions (samples-1c/Purchase.bsl) ---------------------------------------------

' Tells the cashier (1C: a user message).
Sub TellCashier(text)
  told = told & text & vbLf
  WScript.Echo "  cashier: " & text
End Sub

' Decimal string ("1405.37") -> kopecks, never through the locale.
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

' Kopecks -> "1405.37".
Function Money(c)
  Money = CStr(Int(c / 100)) & "." & Right("0" & CStr(c Mod 100), 2)
End Function

' 1C's ReadJSON (ПрочитатьJSON into a Соответствие): objects and arrays as Dictionaries (an array's
' keys are 0, 1, ...), strings, numbers kept as their text, True/False, Null.
Dim jsonText, jsonPos
Sub SkipSpace()
  Do While jsonPos <= Len(jsonText)
    If InStr(" " & vbTab & vbCr & vbLf, Mid(jsonText, jsonPos, 1)) = 0 Then Exit Do
    jsonPos = jsonPos + 1
  Loop
End Sub
Function JsonString()
  Dim s, c
  s = "" : jsonPos = jsonPos + 1
  Do While jsonPos <= Len(jsonText)
    c = Mid(jsonText, jsonPos, 1)
    If c = """" Then Exit Do
    If c = "\" Then
      jsonPos = jsonPos + 1 : c = Mid(jsonText, jsonPos, 1)
      If c = "n" Then
        c = vbLf
      ElseIf c = "t" Then
        c = vbTab
      ElseIf c = "r" Then
        c = vbCr
      ElseIf c = "u" Then
        c = "?" : jsonPos = jsonPos + 4        ' wine's VBScript has no ChrW; the bridge sends text unescaped
      End If
    End If
    s = s & c : jsonPos = jsonPos + 1
  Loop
  jsonPos = jsonPos + 1
  JsonString = s
End Function
' The value at jsonPos: an object or array in jsonObject (jsonIsObject True), else jsonScalar.  Two
' variables, because VBScript cannot assign a text to a variable that holds an object.
Dim jsonIsObject, jsonObject, jsonScalar
Sub JsonValue()
  Dim c, d, k, n, sep
  SkipSpace
  c = Mid(jsonText, jsonPos, 1)
  jsonIsObject = False
  If c = "{" Or c = "[" Then
    Set d = CreateObject("Scripting.Dictionary")
    jsonPos = jsonPos + 1 : n = 0
    SkipSpace
    If Mid(jsonText, jsonPos, 1) = Chr(Asc(c) + 2) Then  ' "}" or "]": empty
      jsonPos = jsonPos + 1
    Else
      Do
        If c = "{" Then
          SkipSpace : k = JsonString() : SkipSpace : jsonPos = jsonPos + 1
        Else
          k = n : n = n + 1
        End If
        JsonValue
        If d.Exists(k) Then d.Remove k           ' a repeated key: the last one wins, as in 1C
        If jsonIsObject Then d.Add k, jsonObject Else d.Add k, jsonScalar
        SkipSpace
        sep = Mid(jsonText, jsonPos, 1) : jsonPos = jsonPos + 1
        If sep <> "," Then Exit Do
      Loop
    End If
    Set jsonObject = d
    jsonIsObject = True
  ElseIf c = """" Then
    jsonScalar = JsonString()
  ElseIf Mid(jsonText, jsonPos, 4) = "true" Then
    jsonScalar = True : jsonPos = jsonPos + 4
  ElseIf Mid(jsonText, jsonPos, 5) = "false" Then
    jsonScalar = False : jsonPos = jsonPos + 5
  ElseIf Mid(jsonText, jsonPos, 4) = "null" Then
    jsonScalar = Null : jsonPos = jsonPos + 4
  Else
    jsonScalar = ""
    Do While jsonPos <= Len(jsonText)
      If InStr("+-0123456789.eE", Mid(jsonText, jsonPos, 1)) = 0 Then Exit Do
      jsonScalar = jsonScalar & Mid(jsonText, jsonPos, 1) : jsonPos = jsonPos + 1
    Loop
  End If
End Sub
Function ReadAnswer(text)
  jsonText = text : jsonPos = 1
  JsonValue
  Set ReadAnswer = jsonObject
End Function

' A field of an answer, "" when the answer has none.
Function Field(answer, name)
  Field = ""
  If answer.Exists(name) Then Field = answer(name)
End Function

' Creates the object and opens the register's session; Nothing: the sale goes on without loyalty.
Function OpenBridge(cfg)
  On Error Resume Next
  Dim b
  Set OpenBridge = Nothing
  Set b = CreateObject("Loymax.Bridge")
  If Err.Number <> 0 Then
    TellCashier "Loyalty is not available (the COM object is not registered): " & Err.Description
    Err.Clear : Exit Function
  End If
  b.Open cfg
  If Err.Number <> 0 Then
    TellCashier "Loyalty is not available: " & b.LastErrorText
    Err.Clear : Exit Function
  End If
  Set OpenBridge = b
End Function

' Runs a command: the answer read from JSON, or Nothing when it failed (the status and the text
' are then LastErrorCode and LastErrorText).
Function RunCommand(b, command)
  On Error Resume Next
  Dim text
  Set RunCommand = Nothing
  text = b.Execute(command)
  If Err.Number <> 0 Then
    Err.Clear : Exit Function
  End If
  Set RunCommand = ReadAnswer(text)
End Function

' A sale: lines is an array of arrays (goodsId, name, price, quantity, amount as decimal strings).
' Returns a Dictionary: total, bonuses, toPay, accrued (kopecks), loyalty, offline, queued.
Function Sell(b, phone, lines)
  Dim sale, answer, i, path, available
  Set sale = CreateObject("Scripting.Dictionary")
  sale("total") = 0 : sale("bonuses") = 0 : sale("accrued") = 0
  sale("loyalty") = False : sale("offline") = False : sale("queued") = False
  For i = 0 To UBound(lines)
    sale("total") = sale("total") + Cents(lines(i)(4))
  Next
  sale("toPay") = sale("total")
  If b Is Nothing Then
    Set Sell = sale : Exit Function
  End If
  b.ResetParams
  b.SetParam "/identifier/type", "phone"
  b.SetParam "/identifier/value", phone

  ' 1. the card: blocked or unknown -- the sale without loyalty; no connection -- without redemption
  Set answer = RunCommand(b, "balance")
  If answer Is Nothing Then
    If b.LastErrorCode <> b.StatusOfflineRefused Then
      TellCashier "Sale without the loyalty card: " & b.LastErrorText
      Set Sell = sale : Exit Function
    End If
    sale("offline") = True
    TellCashier b.LastErrorText
  End If

  ' 2. the cheque (offline the bridge answers without discounts)
  b.SetParam "/cheque/number", "1C-" & CStr(Int(Timer))
  b.SetParam "/cheque/date", Now
  For i = 0 To UBound(lines)
    path = "/cheque/lines/" & i & "/"
    b.SetParam path & "pos", i + 1
    b.SetParam path & "goodsId", lines(i)(0)
    b.SetParam path & "name", lines(i)(1)
    b.SetParam path & "price", lines(i)(2)
    b.SetParam path & "quantity", lines(i)(3)
    b.SetParam path & "amount", lines(i)(4)
  Next
  Set answer = RunCommand(b, "calculate")
  If answer Is Nothing Then
    TellCashier "Sale without loyalty: " & b.LastErrorText
    Set Sell = sale : Exit Function
  End If
  sale("loyalty") = True
  sale("toPay") = 0
  For i = 0 To UBound(lines)
    sale("toPay") = sale("toPay") + Cents(Field(answer("lines")(i), "amount"))
  Next
  available = Cents(Field(answer, "availableAmount"))

  ' 3. bonus payment, up to 100.00 (refused offline: the sale goes on without redemption)
  If available > 10000 Then available = 10000
  If available > 0 And Not sale("offline") Then
    b.SetParam "/amount", Money(available)
    Set answer = RunCommand(b, "pay")
    If answer Is Nothing Then
      TellCashier b.LastErrorText
    Else
      sale("bonuses") = Cents(Field(answer, "amount"))
    End If
  End If

  ' 4. the final calculation with the payment split (offline it waits in the queue)
  b.SetParam "/pays/0/type", "Bonus"
  b.SetParam "/pays/0/amount", Money(sale("bonuses"))
  b.SetParam "/pays/1/type", "Card"
  b.SetParam "/pays/1/amount", Money(sale("toPay") - sale("bonuses"))
  Set answer = RunCommand(b, "discount")
  If answer Is Nothing Then
    TellCashier b.LastErrorText
  Else
    sale("accrued") = Cents(Field(answer, "bonusAmount"))
    sale("queued") = (Field(answer, "queued") = True)
  End If
  sale("toPay") = sale("toPay") - sale("bonuses")
  Set Sell = sale
End Function

' After the fiscal receipt is printed.
Sub Confirm(b, sale)
  Dim answer
  If b Is Nothing Then Exit Sub
  If Not sale("loyalty") Then Exit Sub
  Set answer = RunCommand(b, "confirm")
  If answer Is Nothing Then TellCashier b.LastErrorText
End Sub

' ---- the test: three sales through the twin ------------------------------------------------------
Sub Check(cond, what)
  If Not cond Then
    fails = fails + 1
    WScript.Echo "FAIL " & what
  End If
End Sub

Dim cfg, b, sale, lines, failsBefore, k, url, balance0
cfg = CreateObject("WScript.Shell").Environment("PROCESS")("LMX_COM_CONFIG")
If cfg = "" Then
  WScript.Echo "SKIP purchase-1c: LMX_COM_CONFIG is not set"
  WScript.Quit 0
End If
lines = Array(Array("1001", "Milk 3.2% 1 l", "89.90", "2", "179.80"), Array("1002", "Bread", "45.50", "1", "45.50"))

' 1. a purchase with loyalty (the phone of an active card)
failsBefore = fails : told = ""
Set b = OpenBridge(cfg)
Check Not (b Is Nothing), "purchase-1c: the bridge did not open: " & told
If Not (b Is Nothing) Then
  Set sale = Sell(b, "79260000003", lines)
  Confirm b, sale
  Check sale("loyalty") And Not sale("offline") And Not sale("queued"), "purchase: loyalty " & sale("loyalty") & ", offline " & sale("offline")
  Check sale("total") = 22530, "purchase: total " & Money(sale("total"))
  Check sale("bonuses") > 0 And sale("toPay") + sale("bonuses") <= sale("total"), "purchase: bonuses " & Money(sale("bonuses")) & ", to pay " & Money(sale("toPay"))
  Check sale("accrued") >= 0 And told = "", "purchase: told the cashier: " & told
  If fails = failsBefore Then WScript.Echo "PASS purchase-1c purchase: total " & Money(sale("total")) & ", bonuses " & Money(sale("bonuses")) _
    & ", to pay " & Money(sale("toPay")) & ", accrued " & Money(sale("accrued"))

  ' 2. a blocked card: the sale goes on without loyalty, the cashier is told processing's text
  failsBefore = fails : told = ""
  Set sale = Sell(b, "79260000037", lines)
  Confirm b, sale
  Check Not sale("loyalty") And sale("toPay") = sale("total") And sale("bonuses") = 0, "blocked card: loyalty " & sale("loyalty") & ", to pay " & Money(sale("toPay"))
  Check InStr(told, "Card is blocked") > 0, "blocked card: told the cashier: " & told
  If fails = failsBefore Then WScript.Echo "PASS purchase-1c blocked card: sold without loyalty, to pay " & Money(sale("toPay")) & "; " & Replace(told, vbLf, " ")
  b.Close
End If

' 3. processing unreachable: no redemption, the sale's discount waits in the queue
failsBefore = fails : told = ""
k = InStr(cfg, """url"":""") + 7
url = Mid(cfg, k, InStr(k, cfg, """") - k)
Set b = OpenBridge(Replace(Replace(cfg, url, "http://127.0.0.1:9/XmlExchange/demo-partner/reg01/"), "register-data", "register-data-1c-offline"))
Check Not (b Is Nothing), "offline: the bridge did not open: " & told
If Not (b Is Nothing) Then
  Set sale = Sell(b, "79260000003", lines)
  Confirm b, sale
  Check sale("offline") And sale("loyalty") And sale("queued"), "offline: offline " & sale("offline") & ", loyalty " & sale("loyalty") & ", queued " & sale("queued")
  Check sale("bonuses") = 0 And sale("toPay") = sale("total"), "offline: bonuses " & Money(sale("bonuses")) & ", to pay " & Money(sale("toPay"))
  Check told <> "" And b.QueueLength >= 1, "offline: told the cashier: " & told & ", queue " & b.QueueLength
  If fails = failsBefore Then WScript.Echo "PASS purchase-1c offline sale: no redemption, discount queued (queue " & b.QueueLength & "), to pay " & Money(sale("toPay"))
  b.Close
End If
WScript.Quit fails
