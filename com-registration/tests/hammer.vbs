' hammer.vbs - one process's share of the two-process hammer (issue 6): mixed calls through the COM
' object on one register while another process (the C ABI, on Linux) does the same through the same
' host.  Run:  cscript //nologo hammer.vbs CALLS SEED SYNCDIR
'   environment LMX_COM_CONFIG: the register configuration ("engine":"host").
' Opens the session, creates SYNCDIR\open.ready and waits for SYNCDIR\go (so both processes start
' their calls together), then CALLS calls: balance of the seeded card, calculate of a small cheque,
' status, version (the mix of lmx_hosttest's worker).  Creates SYNCDIR\calls.end after the last call.
' Prints "PASS hammer N calls (b balance, c calculate, s status, v version)" when every call
' succeeded; exit status = failed calls.
Option Explicit
On Error Resume Next

Dim env, cfg, calls, seed, dir, fso, o, f, t, k, r, v, bad, nb, nc, ns, nv, what

Sub Failed(k, what)
  bad = bad + 1
  If bad <= 5 Then WScript.Echo "FAIL call " & k & " (" & what & "): " & Hex(Err.Number) & " " & Err.Description & " [" & Left(r, 200) & "]"
  Err.Clear
End Sub

calls = CLng(WScript.Arguments(0))
seed = CLng(WScript.Arguments(1))
dir = WScript.Arguments(2)
Set env = CreateObject("WScript.Shell").Environment("PROCESS")
cfg = env("LMX_COM_CONFIG")
Set fso = CreateObject("Scripting.FileSystemObject")
Set o = CreateObject("Loymax.Bridge")
o.Open cfg
If Err.Number <> 0 Or cfg = "" Then
  WScript.Echo "FAIL Open: " & Hex(Err.Number) & " " & Err.Description
  WScript.Quit 1
End If

Set f = fso.CreateTextFile(dir & "\open.ready", True)
f.Close
t = Timer                                   ' (wine 8's WScript has no Sleep: poll)
Do While Not fso.FileExists(dir & "\go")
  If Abs(Timer - t) > 60 Then
    WScript.Echo "FAIL no go within 60 s"
    WScript.Quit 1
  End If
Loop

bad = 0 : nb = 0 : nc = 0 : ns = 0 : nv = 0
For k = 0 To calls - 1
  r = ""
  Select Case (k + seed) Mod 8
    Case 0
      what = "balance" : nb = nb + 1
      r = o.Execute("balance", "{""identifier"":{""type"":""phone"",""value"":""79260000003""}}")
      v = o.Result("/balance")
      If Err.Number <> 0 Or v = "" Then Failed k, what
    Case 4
      what = "calculate" : nc = nc + 1
      r = o.Execute("calculate", "{""identifier"":{""type"":""phone"",""value"":""79260000003""},""cheque"":{""number"":""VBH-" & _
          seed & "-" & k & """,""date"":""2026-11-28T10:00:00"",""lines"":[{""pos"":1,""goodsId"":""1001"",""name"":""Milk""," & _
          """price"":""89.90"",""quantity"":""2"",""amount"":""179.80""},{""pos"":2,""goodsId"":""1002"",""name"":""Bread""," & _
          """price"":""45.50"",""quantity"":""1"",""amount"":""45.50""}]}}")
      v = o.Result("/purchaseId")
      If Err.Number <> 0 Or v = "" Then Failed k, what
    Case 1, 3, 6
      what = "status" : ns = ns + 1
      r = o.Execute("status")
      If Err.Number <> 0 Or InStr(r, """ok"":true") = 0 Then Failed k, what
    Case Else
      what = "version" : nv = nv + 1
      r = o.Execute("version")
      v = o.Result("/version")
      If Err.Number <> 0 Or v = "" Then Failed k, what
  End Select
Next
Set f = fso.CreateTextFile(dir & "\calls.end", True)
f.Close
o.Close
If Err.Number <> 0 Then Failed calls, "Close"
If bad = 0 And nb + nc + ns + nv = calls Then
  WScript.Echo "PASS hammer " & calls & " calls (" & nb & " balance, " & nc & " calculate, " & ns & " status, " & nv & " version)"
Else
  WScript.Echo "FAIL hammer: " & bad & " of " & calls & " calls failed"
  If bad = 0 Then bad = 1
End If
WScript.Quit bad
