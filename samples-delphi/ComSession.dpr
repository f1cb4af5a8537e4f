{ ComSession — a register's loyalty session through the COM object Loymax.Bridge, late binding.

    CreateOleObject('Loymax.Bridge') -> balance -> calculate (SetParam, JSON Pointer) -> pay
    -> discount with the payment split -> confirm -> balance again -> a blocked card's EOleException

  No import unit and no DLL declarations: the object is registered (regsvr32 loymax_bridge.dll,
  com-registration/register.cmd) and called through IDispatch, as Delphi 7 … 12 register programs
  do.  For early binding import the type library instead (Component > Import Component > Import a
  Type Library > "Loymax Bridge 1.0 Type Library": LoymaxBridgeLib_TLB.pas, ILoymaxBridge).

  Usage:  ComSession [CONFIG]   the register configuration JSON, or the path of a file holding one;
                                 without it the environment variable LMX_CONFIG
  Exit code 0 and a last line "PASS" when all went as expected; 1 otherwise.

  A failure raises EOleException: ErrorCode = $80040200 + status (e.g. $800402CD for status 205,
  CardBlocked), Message = the processing's or the bridge's text, Source = 'Loymax.Bridge'.
  Delphi's EOleException cuts trailing dots and spaces off the description (ComObj's
  TrimPunctuation), Free Pascal's does not: compare Message with Bridge.LastErrorText through
  SameOleText below, never with "=".  The bridge's own sentences end without a dot; processing's
  texts are passed as they are and may end with one.  Set Bridge.RaiseErrors := False to check Bridge.LastErrorCode instead.

  Delphi: a console application.  Free Pascal: fpc -Twin64 -Mdelphi ComSession.dpr (with the
  ComObj/Variants units of fpc-source: com-registration/tests/build-delphi-com.sh). }
program ComSession;

{$IFDEF FPC}
  {$MODE DELPHI}
  {$H+}
  {$CODEPAGE UTF8}
{$ENDIF}
{$APPTYPE CONSOLE}

uses
  SysUtils, Variants, ActiveX, ComObj;

const
  CustomerPhone = '79260000003';
  BlockedCard = '8690037';
  HResultCardBlocked = HRESULT($800402CD);   { $80040200 + 205 }

var
  Dot: TFormatSettings;   { money is exchanged as decimal strings with a dot }

function Money(const S: string): Currency;
begin
  if S = '' then Result := 0 else Result := StrToCurr(S, Dot);
end;

function MoneyStr(C: Currency): string;
begin
  Result := CurrToStrF(C, ffFixed, 2, Dot);
end;

procedure Fail(const Msg: string);
begin
  raise Exception.Create(Msg);
end;

{ What Delphi's EOleException makes of a description: trailing dots, spaces and control characters
  removed. }
function TrimPunctuation(const S: string): string;
var
  N: Integer;
begin
  N := Length(S);
  while (N > 0) and ((S[N] <= ' ') or (S[N] = '.')) do
    Dec(N);
  Result := Copy(S, 1, N);
end;

{ E.Message of an EOleException equals LastErrorText, under Delphi's rule and Free Pascal's. }
function SameOleText(const OleMessage, LastErrorText: string): Boolean;
begin
  Result := (TrimPunctuation(OleMessage) = TrimPunctuation(LastErrorText)) and (TrimPunctuation(OleMessage) <> '');
end;

procedure RunSession(const Config: string);
var
  Bridge: OleVariant;
  Before, After, Available, Paid, Accrued, Total: Currency;
  Discount0: string;
begin
  Bridge := CreateOleObject('Loymax.Bridge');
  WriteLn('Loymax.Bridge ', string(Bridge.Version), ' (COM, late binding)');
  try
    Bridge.Open(Config);
  except
    on E: EOleException do
    begin
      { e.g. no Windows JVM (status 3) or the host engine not running (status 5) }
      WriteLn(Format('Open failed: HRESULT %.8X, status %d: %s', [E.ErrorCode, Integer(Bridge.LastErrorCode), E.Message]));
      if not SameOleText(E.Message, string(Bridge.LastErrorText)) then
        Fail('LastErrorText differs from the exception''s message');
      raise;
    end;
  end;

  { 1. balance by phone }
  Bridge.SetParam('/cashier', WideString('Иванова М.'));
  Bridge.SetParam('/identifier/type', 'phone');
  Bridge.SetParam('/identifier/value', CustomerPhone);
  Bridge.Execute('balance');
  Before := Money(Bridge.Result('/balance'));
  WriteLn('balance ', MoneyStr(Before), ' ', string(Bridge.Result('/currency')));

  { 2. calculate: two lines, one parameter at a time; numbers may be passed as numbers }
  Bridge.SetParam('/cheque/number', FormatDateTime('hhnnss', Now));
  Bridge.SetParam('/cheque/date', Now);                      { a TDateTime: 2026-11-28T10:15:00 }
  Bridge.SetParam('/cheque/lines/0/pos', 1);
  Bridge.SetParam('/cheque/lines/0/goodsId', '1001');
  Bridge.SetParam('/cheque/lines/0/name', WideString('Молоко 3,2% 1 л'));
  Bridge.SetParam('/cheque/lines/0/price', Currency(89.90)); { VT_CY: sent as "89.9" in any locale }
  Bridge.SetParam('/cheque/lines/0/quantity', 2);
  Bridge.SetParam('/cheque/lines/0/amount', '179.80');
  Bridge.SetParam('/cheque/lines/1/pos', 2);
  Bridge.SetParam('/cheque/lines/1/goodsId', '1002');
  Bridge.SetParam('/cheque/lines/1/name', WideString('Хлеб бородинский'));
  Bridge.SetParam('/cheque/lines/1/price', '45.50');
  Bridge.SetParam('/cheque/lines/1/quantity', 1);
  Bridge.SetParam('/cheque/lines/1/amount', '45.50');
  Bridge.Execute('calculate');
  Total := Money(Bridge.Result('/lines/0/amount')) + Money(Bridge.Result('/lines/1/amount'));
  Discount0 := Bridge.Result('/lines/0/discount');
  Available := Money(Bridge.Result('/availableAmount'));
  WriteLn('calculated ', MoneyStr(Total), ', line 1 discount ', Discount0, ', available ', MoneyStr(Available));

  { 3. pay with bonuses }
  Paid := Available;
  if Paid > 100 then Paid := 100;
  if Paid > 0 then
  begin
    Bridge.SetParam('/amount', MoneyStr(Paid));
    Bridge.Execute('pay');
    Paid := Money(Bridge.Result('/amount'));
  end;

  { 4. discount with the payment split, 5. confirm }
  Bridge.SetParam('/pays/0/type', 'Bonus');
  Bridge.SetParam('/pays/0/amount', MoneyStr(Paid));
  Bridge.SetParam('/pays/1/type', 'Card');
  Bridge.SetParam('/pays/1/amount', MoneyStr(Total - Paid));
  Bridge.Execute('discount');
  Accrued := Money(Bridge.Result('/bonusAmount'));
  Bridge.Execute('confirm');

  { 6. balance after: a new request }
  Bridge.ResetParams;
  Bridge.Execute('balance', '{"identifier":{"type":"phone","value":"' + CustomerPhone + '"}}');
  After := Money(Bridge.Result('/balance'));
  WriteLn('paid ', MoneyStr(Paid), ', accrued ', MoneyStr(Accrued), ', balance ', MoneyStr(Before), ' -> ', MoneyStr(After));
  if After <> Before - Paid + Accrued then
    Fail('the balance after the purchase is wrong');

  { 7. a blocked card: EOleException with the processing's text }
  Bridge.ResetParams;
  Bridge.SetParam('/identifier/type', 'cardNumber');
  Bridge.SetParam('/identifier/value', BlockedCard);
  try
    Bridge.Execute('balance');
    Fail('a blocked card was accepted');
  except
    on E: EOleException do
    begin
      WriteLn(Format('card %s: HRESULT %.8X, status %d: %s', [BlockedCard, E.ErrorCode, Integer(Bridge.LastErrorCode), E.Message]));
      if (E.ErrorCode <> HResultCardBlocked) or (Bridge.LastErrorCode <> 205) or not SameOleText(E.Message, string(Bridge.LastErrorText)) then
        Fail('expected HRESULT 800402CD (CardBlocked) with the processing''s text');
    end;
  end;

  { the same without exceptions, as 1C equipment drivers do it }
  Bridge.RaiseErrors := False;
  Bridge.Execute('balance');
  if Bridge.LastErrorCode <> 205 then
    Fail('RaiseErrors = False: LastErrorCode should be 205');
  Bridge.Close;
end;

var
  Config: string;
begin
  {$IFDEF FPC}
  Dot := DefaultFormatSettings;
  {$ELSE}
  Dot := TFormatSettings.Create;   { Delphi XE+; Delphi 7-2010: GetLocaleFormatSettings(0, Dot) }
  {$ENDIF}
  Dot.DecimalSeparator := '.';
  CoInitialize(nil);
  try
    if ParamCount >= 1 then Config := ParamStr(1) else Config := GetEnvironmentVariable('LMX_CONFIG');
    if Config = '' then
      Fail('usage: ComSession CONFIG (or set LMX_CONFIG)');
    RunSession(Config);
    WriteLn('PASS');
  except
    on E: Exception do
    begin
      WriteLn('FAIL: ', E.ClassName, ': ', E.Message);
      ExitCode := 1;
    end;
  end;
end.
