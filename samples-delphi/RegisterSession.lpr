{ RegisterSession — a register's loyalty session through the Loymax bridge, in Delphi dialect.

    balance by phone -> calculate a cheque built with SetParam (JSON Pointer) -> pay with bonuses
    -> discount with the payment split -> confirm -> balance again -> a blocked card's error

  Usage:  RegisterSession [URL | CONFIG]
    URL     the emulator or server base URL (the demo register demo-partner/reg01 is used)
    CONFIG  the configuration JSON object, or the path of a file holding one
  Without an argument: the environment variable LMX_CONFIG (URL or CONFIG), else
  http://127.0.0.1:8095 (the emulator's default port).

  Exit code 0 and a last line "PASS" when all went as expected; 1 and "FAIL: ..." otherwise; 3 and
  "WITHOUT LOYALTY: ..." when the bridge library is not there (the program still starts: the
  library is loaded at run time, and a register would go on selling without loyalty).

  Delphi: rename to RegisterSession.dpr (console application).  Free Pascal:
    fpc -Mdelphi RegisterSession.lpr                     (Linux, libloymax_bridge.so)
    fpc -Twin64 -Mdelphi RegisterSession.lpr             (Windows x64, loymax_bridge.dll) }
program RegisterSession;

{$IFDEF FPC}
  {$MODE DELPHI}
  {$H+}
  {$CODEPAGE UTF8}
{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils,
  LoymaxBridge in 'LoymaxBridge.pas';

const
  CustomerPhone = '79260000003';
  BlockedCard = '8690037';

type
  TItem = record
    GoodsId, Name, Price, Quantity: string;
  end;

const
  Basket: array[0..4] of TItem = (
    (GoodsId: '1001'; Name: 'Молоко 3,2% 1 л';  Price: '89.90';  Quantity: '2'),
    (GoodsId: '1002'; Name: 'Хлеб бородинский'; Price: '45.50';  Quantity: '1'),
    (GoodsId: '1003'; Name: 'Сыр российский';   Price: '420.00'; Quantity: '0.5'),
    (GoodsId: '1004'; Name: 'Яблоки';           Price: '129.99'; Quantity: '1.535'),
    (GoodsId: '1005'; Name: 'Вода 0,5 л';       Price: '39.00';  Quantity: '3'));

var
  Dot: TFormatSettings;   { money is exchanged as decimal strings with a dot }

{ Money as Currency (fixed point, 4 decimals): never binary floating point. }
function Money(const S: string): Currency;
begin
  if S = '' then Result := 0 else Result := StrToCurr(S, Dot);
end;

function MoneyStr(C: Currency): string;
begin
  Result := CurrToStrF(C, ffFixed, 2, Dot);
end;

function RoundCents(C: Currency): Currency;   { half up, for non-negative amounts }
begin
  Result := Trunc(C * 100 + 0.5) / 100;
end;

function ConfigFromArgs: string;
begin
  if ParamCount >= 1 then Result := ParamStr(1) else Result := GetEnvironmentVariable('LMX_CONFIG');
  if Result = '' then Result := 'http://127.0.0.1:8095';
  if (Pos('http://', Result) = 1) or (Pos('https://', Result) = 1) then
    Result := '{"url":"' + Result + '","partner":"demo-partner","login":"reg01","password":"secret"}';
end;

procedure Fail(const Msg: string);
begin
  raise Exception.Create(Msg);
end;

procedure RunSession(const Config: string);
var
  Lmx: TLoymaxBridge;
  I: Integer;
  L, ChequeNo: string;
  Before, After, Total, TotalDisc, Redeem, Paid, Accrued, CardPart: Currency;
  Discounts, Amounts: array[0..4] of string;
  Caught: Boolean;
begin
  try
    Lmx := TLoymaxBridge.Create(Config);
  except
    on E: ELoymaxError do
      if E.Status = LMX_LIBRARY_NOT_LOADED then
      begin
        Writeln('WITHOUT LOYALTY (status ', E.Status, '): ', E.Message);
        ExitCode := 3;
        Exit;
      end
      else
        raise;
  end;
  Writeln('Loymax bridge library ', TLoymaxBridge.Version);
  try
    { 1. balance by phone }
    Lmx.SetParam('/cashier', 'Иванова М.');
    Lmx.SetParam('/identifier/type', 'phone');
    Lmx.SetParam('/identifier/value', CustomerPhone);
    Lmx.Execute('balance');
    Before := Money(Lmx.Value('/balance'));
    Writeln('Customer ', Lmx.ValueOr('/identifierData/Holder', '?'), ' (card ',
      Lmx.ValueOr('/identifierData/MaskedNumber', '?'), '): balance ', MoneyStr(Before), ' ',
      Lmx.ValueOr('/currency', ''));

    { 2. the cheque, parameter by parameter, then calculate }
    ChequeNo := IntToStr(Trunc(Frac(Now) * 86400));
    Lmx.SetParam('/cheque/number', ChequeNo);
    Lmx.SetParam('/cheque/date', FormatDateTime('yyyy-mm-dd"T"hh:nn:ss', Now));
    for I := 0 to High(Basket) do
    begin
      L := '/cheque/lines/' + IntToStr(I) + '/';
      Lmx.SetParam(L + 'pos', IntToStr(I + 1));
      Lmx.SetParam(L + 'goodsId', Basket[I].GoodsId);
      Lmx.SetParam(L + 'name', Basket[I].Name);
      Lmx.SetParam(L + 'price', Basket[I].Price);
      Lmx.SetParam(L + 'quantity', Basket[I].Quantity);
      Lmx.SetParam(L + 'amount', MoneyStr(RoundCents(Money(Basket[I].Price) * Money(Basket[I].Quantity))));
    end;
    Lmx.Execute('calculate');
    Total := 0;
    TotalDisc := 0;
    for I := 0 to High(Basket) do
    begin
      Amounts[I] := Lmx.Value('/lines/' + IntToStr(I) + '/amount');
      Discounts[I] := Lmx.ValueOr('/lines/' + IntToStr(I) + '/discount', '0.00');
      Total := Total + Money(Amounts[I]);
      TotalDisc := TotalDisc + Money(Discounts[I]);
    end;
    Writeln('Calculated: ', MoneyStr(Total), ' after ', MoneyStr(TotalDisc), ' discount; available ',
      Lmx.ValueOr('/availableAmount', '0'));

    { 3. pay 100 with bonuses (or what is available) }
    Redeem := Money(Lmx.ValueOr('/availableAmount', '0'));
    if Redeem > 100 then Redeem := 100;
    Paid := 0;
    if Redeem > 0 then
    begin
      Lmx.SetParam('/amount', MoneyStr(Redeem));
      Lmx.Execute('pay');
      Paid := Money(Lmx.Value('/amount'));
    end;
    Writeln('Paid with bonuses: ', MoneyStr(Paid), '  (transaction ', Lmx.ValueOr('/transactionId', '-'), ')');

    { 4. discount: final calculation and accrual, with the payment split }
    CardPart := Total - Paid;
    I := 0;
    if Paid > 0 then
    begin
      Lmx.SetParam('/pays/0/type', 'Bonus');
      Lmx.SetParam('/pays/0/amount', MoneyStr(Paid));
      I := 1;
    end;
    Lmx.SetParam('/pays/' + IntToStr(I) + '/type', 'Card');
    Lmx.SetParam('/pays/' + IntToStr(I) + '/amount', MoneyStr(CardPart));
    Lmx.Execute('discount');
    Accrued := Money(Lmx.ValueOr('/bonusAmount', '0'));
    Writeln('Card payment: ', MoneyStr(CardPart), '; bonuses accrued: ', MoneyStr(Accrued));
    Writeln('Cheque message: ', Lmx.ValueOr('/chequeMessage', ''));

    { 5. confirm }
    Lmx.Execute('confirm');
    Writeln('Confirmed purchase ', Lmx.Value('/purchaseId'));

    { 6. balance after: a new request, so the bag is emptied first }
    Lmx.ResetParams;
    Lmx.SetParam('/identifier/type', 'phone');
    Lmx.SetParam('/identifier/value', CustomerPhone);
    Lmx.Execute('balance');
    After := Money(Lmx.Value('/balance'));
    Writeln('Balance: ', MoneyStr(Before), ' - ', MoneyStr(Paid), ' + ', MoneyStr(Accrued), ' = ', MoneyStr(After));
    if After <> Before - Paid + Accrued then
      Fail('balance after is ' + MoneyStr(After) + ', expected ' + MoneyStr(Before - Paid + Accrued));

    { 7. a blocked card: processing's error arrives as ELoymaxError with its status and text }
    Lmx.ResetParams;
    Lmx.SetParam('/identifier/type', 'cardNumber');
    Lmx.SetParam('/identifier/value', BlockedCard);
    Caught := False;
    try
      Lmx.Execute('balance');
    except
      on E: ELoymaxError do
      begin
        Caught := True;
        Writeln('Card ', BlockedCard, ': ', E.Message, ' [', Lmx.ValueOr('/error/name', '?'), ']');
        { Message is processing's text as it is; the status is its own property }
        if (E.Status <> 205) or (Lmx.LastErrorText = '') or (E.Message <> Lmx.LastErrorText) then
          Fail('expected status 205 with processing''s text as the message, got ' + IntToStr(E.Status) + ': ' + E.Message);
      end;
    end;
    if not Caught then
      Fail('a blocked card was accepted');

    { the same, without exceptions }
    if Lmx.TryExecute('balance') <> 205 then
      Fail('TryExecute: expected 205, got ' + IntToStr(Lmx.LastErrorCode));
  finally
    Lmx.Free;
  end;
end;

begin
  {$IFDEF FPC}
  Dot := DefaultFormatSettings;
  {$ELSE}
  Dot := TFormatSettings.Create;   { Delphi XE+; Delphi 2009/2010: GetLocaleFormatSettings(0, Dot) }
  {$ENDIF}
  Dot.DecimalSeparator := '.';
  try
    RunSession(ConfigFromArgs);
    if ExitCode = 0 then
      Writeln('PASS');
  except
    on E: Exception do
    begin
      Writeln('FAIL: ', E.ClassName, ': ', E.Message);
      ExitCode := 1;
    end;
  end;
end.
