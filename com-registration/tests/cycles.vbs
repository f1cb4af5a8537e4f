' cycles.vbs - create -> Open -> Execute("status") -> release, N times, from VBScript (issue 6: the
' hosting process must not grow).  Run:  cscript //nologo cycles.vbs N WARM SYNCDIR
'   environment LMX_COM_CONFIG: the register configuration ("engine":"host": no JVM in this process).
' Memory is read from outside (the Linux side of wine reads /proc/<pid>/status): after cycle WARM
' and after cycle N the script creates SYNCDIR\<mark>.ready and waits for SYNCDIR\<mark>.done, so
' the reader samples a process that is standing still.  Marks: "start" (before the first cycle),
' "warm", "end".  Prints "PASS cycles N in S s" when every cycle succeeded; exit status = failures.
Option Explicit
On Error Resume Next

Dim env, cfg, n, warm, dir, fso, i, o, r, bad, t0, t1, keeper

Sub Mark(name)
  Dim f, t
  Set f = fso.CreateTextFile(dir & "\" & name & ".ready", True)
  f.Close
  t = Timer                         ' (wine 8's WScript has no Sleep: poll)
  Do While Not fso.FileExists(dir & "\" & name & ".done")
    If Abs(Timer - t) > 60 Then
      WScript.Echo "FAIL nobody answered mark " & name
      WScript.Quit 1
    End If
  Loop
  Err.Clear
End Sub

n = CLng(WScript.Arguments(0))
warm = CLng(WScript.Arguments(1))
dir = WScript.Arguments(2)
Set env = CreateObject("WScript.Shell").Environment("PROCESS")
cfg = env("LMX_COM_CONFIG")
Set fso = CreateObject("Scripting.FileSystemObject")
If Err.Number <> 0 Or cfg = "" Then
  WScript.Echo "FAIL setup: " & Hex(Err.Number) & " " & Err.Description & " (LMX_COM_CONFIG set?)"
  WScript.Quit 1
End If

' The register program's own session, open all along: it keeps the register open in the host (as
' a POS program does), so a cycle's Open attaches to it instead of re-opening the register.
Set keeper = CreateObject("Loymax.Bridge")
keeper.Open cfg
If Err.Number <> 0 Then
  WScript.Echo "FAIL Open: " & Hex(Err.Number) & " " & Err.Description
  WScript.Quit 1
End If
bad = 0
Mark "start"
t0 = Timer
For i = 1 To n
  Set o = CreateObject("Loymax.Bridge")
  o.Open cfg
  r = o.Execute("status")
  If Err.Number <> 0 Or InStr(r, """ok"":true") = 0 Then
    bad = bad + 1
    If bad <= 5 Then WScript.Echo "FAIL cycle " & i & ": " & Hex(Err.Number) & " " & Err.Description & " [" & Left(r, 200) & "]"
    Err.Clear
  End If
  Set o = Nothing
  If i = warm Then
    t1 = Timer
    Mark "warm"
    t0 = t0 + (Timer - t1)   ' the wait for the reader is not cycle time
  End If
  If bad > 50 Then Exit For
Next
t1 = Timer - t0
If t1 < 0 Then t1 = t1 + 86400
Mark "end"
keeper.Close
If bad = 0 And i > n Then
  WScript.Echo "PASS cycles " & n & " in " & FormatNumber(t1, 1, True, False, False) & " s"
Else
  WScript.Echo "FAIL cycles: " & bad & " failed, stopped after " & (i - 1) & " of " & n
End If
WScript.Quit bad
