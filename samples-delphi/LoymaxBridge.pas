{ LoymaxBridge.pas — the Loymax POS bridge C ABI (loymax_bridge.h) for Delphi and Free Pascal.

  Drop this unit into a register program.  It has two layers:
    1. the plain declarations of every lmx_* function and status code, one to one with
       loymax_bridge.h, for programs that want to call the library directly;
    2. TLoymaxBridge, a small class that owns a register session (the handle), does the buffer
       protocol (ask the size, allocate, read, retry) and turns every failure into ELoymaxError:
       Message is processing's (or the bridge's) text, verbatim; Status the status code.

  The library is loaded at run time (LoadLibrary/GetProcAddress, on first use or by LoymaxLoad),
  not bound statically: a register program without the DLL still starts, and the first
  TLoymaxBridge.Create raises ELoymaxError (Status LMX_LIBRARY_NOT_LOADED) saying which file is
  missing, so the sale can go on without loyalty.

  Targets:
    Windows x86 and x64 (Delphi 2009+, Free Pascal): loymax_bridge.dll, stdcall (the header's
      LMX_CALL), and the UTF-16 "W" functions, so Delphi's UnicodeString goes through unchanged.
    Linux x64 (Delphi 10.2+, Free Pascal): libloymax_bridge.so, cdecl, UTF-8 strings.

  Deployment: loymax_bridge.dll (or libloymax_bridge.so) beside the program (or LoymaxLibraryPath
  set to its full path before the first call), loymax-bridge.jar
  beside the library, and a Java 17+ runtime (a "jre" folder beside the library, JAVA_HOME, PATH,
  or "jvmPath" in the configuration).  See README.md. }
unit LoymaxBridge;

{$IFDEF FPC}
  {$MODE DELPHI}
  {$H+}
  {$CODEPAGE UTF8}
{$ENDIF}

interface

uses
  {$IFDEF FPC}{$IFDEF UNIX}cwstring,{$ENDIF} dynlibs,{$ELSE}{$IFDEF MSWINDOWS} Windows,{$ENDIF}{$ENDIF}
  SysUtils;

const
{$IFDEF MSWINDOWS}
  LoymaxLib = 'loymax_bridge.dll';
{$ELSE}
  LoymaxLib = 'libloymax_bridge.so';
{$ENDIF}

  LMX_VERSION_STRING = '0.1.0';
  LMX_MAX_INPUT_BYTES = 16 * 1024 * 1024;

  { status codes (loymax_bridge.h; the same numbers as org.lmxbridge.Status) }
  LMX_OK                   = 0;
  { 1-99: bridge and ABI }
  LMX_BAD_ARGUMENT         = 1;
  LMX_BUFFER_TOO_SMALL     = 2;
  LMX_NO_JVM               = 3;
  LMX_JVM_START_FAILED     = 4;
  LMX_HOST_UNREACHABLE     = 5;
  LMX_INTERNAL             = 6;
  LMX_BUSY                 = 7;
  LMX_INVALID_HANDLE       = 8;
  LMX_INVALID_ENCODING     = 9;
  LMX_CONFIG_INVALID       = 10;
  LMX_STORAGE_FAILED       = 11;
  LMX_RESOURCE_EXHAUSTED   = 12;
  LMX_NOT_FOUND            = 13;
  LMX_NO_RESULT            = 14;
  { 100-199: offline policy }
  LMX_OFFLINE_REFUSED      = 100;
  LMX_QUEUE_FULL           = 101;
  LMX_OUTCOME_UNKNOWN      = 102;
  LMX_QUEUE_ITEM_NOT_FOUND = 103;
  LMX_DISCREPANCY          = 104; { processing applied a replayed operation unlike the receipt }
  LMX_REQUEST_MISMATCH     = 105; { the purchase already has this operation for another request }
  LMX_PAYMENT_UNRESOLVED   = 106; { a bonus payment is unresolved: repeat pay or cancel }
  { 200-299: Loymax processing errors (the server's own number, e.g. 205 CardBlocked) }
  LMX_PROCESSING_ERROR     = 200;
  { 300-399: transport }
  LMX_CONNECT_FAILED       = 300;
  LMX_TIMEOUT              = 301;
  LMX_TLS_FAILED           = 302;
  LMX_HTTP_STATUS          = 303;
  LMX_MALFORMED_RESPONSE   = 304;
  LMX_RESPONSE_TOO_LARGE   = 305;
  LMX_AUTH_FAILED          = 306;
  { 400-499: request validation }
  LMX_INVALID_REQUEST      = 400;
  LMX_INVALID_JSON         = 401;
  LMX_MISSING_FIELD        = 402;
  LMX_INVALID_VALUE        = 403;
  LMX_UNKNOWN_COMMAND      = 404;
  LMX_WRONG_ORDER          = 405;
  { this unit's own (never returned by the library): the library file could not be loaded, or it
    lacks a function of this unit (another release) }
  LMX_LIBRARY_NOT_LOADED   = -1;

type
  { typedef struct lmx_session *lmx_handle;  opaque, compare with nil only }
  lmx_handle = type Pointer;
  Plmx_handle = ^lmx_handle;

{ ---- the C ABI, one to one ------------------------------------------------------------------
  UTF-8 functions: every platform.  Text-returning functions return the size needed INCLUDING the
  terminating NUL (bytes; UTF-16 units for the W twins) and copy only when it fits, or a negative
  status (-LMX_NOT_FOUND ...).  Function variables, set by LoymaxLoad (nil until then). }
var
  lmx_open: function(config_json_or_path: PAnsiChar; out_handle: Plmx_handle): Integer;
    {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_close: function(h: lmx_handle): Integer; {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_execute: function(h: lmx_handle; command, request_json: PAnsiChar): Integer;
    {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_result: function(h: lmx_handle; json_pointer: PAnsiChar; buf: PAnsiChar; size: Integer): Integer;
    {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_set_param: function(h: lmx_handle; json_pointer, value: PAnsiChar): Integer;
    {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_reset_params: function(h: lmx_handle): Integer; {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_error_code: function(h: lmx_handle): Integer; {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_error_text: function(h: lmx_handle; buf: PAnsiChar; size: Integer): Integer;
    {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
  lmx_version: function(buf: PAnsiChar; size: Integer): Integer; {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};

{$IFDEF MSWINDOWS}
  { UTF-16 twins (Windows only); sizes in WideChar units including the NUL. }
  lmx_openW: function(config_json_or_path: PWideChar; out_handle: Plmx_handle): Integer; stdcall;
  lmx_executeW: function(h: lmx_handle; command, request_json: PWideChar): Integer; stdcall;
  lmx_resultW: function(h: lmx_handle; json_pointer: PWideChar; buf: PWideChar; size: Integer): Integer; stdcall;
  lmx_set_paramW: function(h: lmx_handle; json_pointer, value: PWideChar): Integer; stdcall;
  lmx_error_textW: function(h: lmx_handle; buf: PWideChar; size: Integer): Integer; stdcall;
  lmx_versionW: function(buf: PWideChar; size: Integer): Integer; stdcall;
{$ENDIF}

  { The library's full path; '' (the default): LoymaxLib beside the program, else where the system
    looks for libraries.  Set it before the first call. }
  LoymaxLibraryPath: string = '';

{ Loads the library and all its functions, once.  True when loaded; otherwise False with the
  reason in Why (in Russian, or in English when English is True), and every call of TLoymaxBridge
  raises ELoymaxError with Status LMX_LIBRARY_NOT_LOADED. }
function LoymaxLoad(out Why: string; English: Boolean = False): Boolean;

{ ---- the wrapper ------------------------------------------------------------------------------ }
type
  { Every failure of the bridge: Message is processing's or the bridge's sentence, verbatim (what
    LastErrorText returns); Status is the lmx status code (LMX_*), never part of Message. }
  ELoymaxError = class(Exception)
  private
    FStatus: Integer;
  public
    constructor Create(AStatus: Integer; const AText: string);
    property Status: Integer read FStatus;
  end;

  { One register session.  Not for sharing between threads without your own lock (the "last
    error" of a handle is per handle, not per thread). }
  TLoymaxBridge = class
  private
    FHandle: lmx_handle;
    FEnglish: Boolean;   { the configuration says "language":"en": this unit's own sentences in English }
    function ReadResult(const JsonPointer: string; out Text: string): Integer;
    procedure Check(Status: Integer);
  public
    { Config: the configuration JSON object, or the path of a file holding one. }
    constructor Create(const Config: string);
    destructor Destroy; override;

    { Runs a command; RequestJson '' = the parameter bag (SetParam).  Raises ELoymaxError on any
      status but LMX_OK (a request queued offline is LMX_OK with "queued": true). }
    procedure Execute(const Command: string; const RequestJson: string = '');
    { The same, returning the status instead of raising: for errors the program expects and
      handles (a blocked card, an offline refusal).  The text is then LastErrorText. }
    function TryExecute(const Command: string; const RequestJson: string = ''): Integer;

    { One parameter of the request, by JSON Pointer: SetParam('/cheque/lines/0/price', '89.90'). }
    procedure SetParam(const JsonPointer, Value: string);
    procedure ResetParams;

    { The last result: the value at a JSON Pointer (a string without quotes, a number as written,
      an object or array as JSON); raises ELoymaxError (LMX_NOT_FOUND) when absent. }
    function Value(const JsonPointer: string): string;
    { The same, Default when the pointer is absent. }
    function ValueOr(const JsonPointer, Default: string): string;
    { The whole last result as JSON. }
    function Json: string;

    function LastErrorCode: Integer;
    function LastErrorText: string;
    { The library's version (does not start the Java VM). }
    class function Version: string;

    property Handle: lmx_handle read FHandle;
  end;

implementation

uses
  Classes;

{$IFDEF MSWINDOWS}
type
  TLmxChar = WideChar;
  TLmxString = UnicodeString;
  PLmxChar = PWideChar;
{$ELSE}
type
  TLmxChar = AnsiChar;
  TLmxString = UTF8String;
  PLmxChar = PAnsiChar;
{$ENDIF}

{ string <-> the library's encoding.  Windows: UTF-16, Delphi 2009+'s own string.  Linux: UTF-8. }
function ToLmx(const S: string): TLmxString; inline;
begin
  {$IFDEF MSWINDOWS}
  Result := UnicodeString(S);
  {$ELSE}
  Result := UTF8Encode(S);
  {$ENDIF}
end;

function FromLmx(const S: TLmxString): string; inline;
begin
  {$IFDEF MSWINDOWS}
  Result := string(S);
  {$ELSE}
    {$IFDEF FPC}
  Result := string(UTF8Decode(S));
    {$ELSE}
  Result := UTF8ToString(S);
    {$ENDIF}
  {$ENDIF}
end;

{ The buffer protocol, in one place: Call(nil, 0) asks the size (NUL included); allocate it, read;
  if the text grew meanwhile (another thread's error on a shared handle), retry with the new size.
  A negative answer is a failure status, returned as such. }
type
  TBufferCall = function(Buf: PLmxChar; Size: Integer): Integer of object;

function ReadBuffer(Call: TBufferCall; out Text: string): Integer;
var
  Buf: TLmxString;
  Need, Got: Integer;
begin
  Text := '';
  Need := Call(nil, 0);
  while True do
  begin
    if Need < 0 then
      Exit(-Need);                          { -LMX_xxx: a failure }
    if Need <= 1 then
      Exit(LMX_OK);                         { only the NUL: empty text }
    SetLength(Buf, Need);                   { Need includes the NUL; Delphi strings add their own }
    Got := Call(PLmxChar(Buf), Need);
    if (Got > 0) and (Got <= Need) then
    begin
      SetLength(Buf, Got - 1);
      Text := FromLmx(Buf);
      Exit(LMX_OK);
    end;
    Need := Got;                            { too small after all, or a failure: loop decides }
  end;
end;

type
  { Adapters binding the arguments of one buffer call, so ReadBuffer can call it twice. }
  TResultCall = class
    H: lmx_handle;
    Ptr: TLmxString;
    function Call(Buf: PLmxChar; Size: Integer): Integer;
  end;

  TErrorTextCall = class
    H: lmx_handle;
    function Call(Buf: PLmxChar; Size: Integer): Integer;
  end;

  TVersionCall = class
    function Call(Buf: PLmxChar; Size: Integer): Integer;
  end;

function TResultCall.Call(Buf: PLmxChar; Size: Integer): Integer;
begin
  {$IFDEF MSWINDOWS}
  Result := lmx_resultW(H, PWideChar(Ptr), Buf, Size);
  {$ELSE}
  Result := lmx_result(H, PAnsiChar(Ptr), Buf, Size);
  {$ENDIF}
end;

function TErrorTextCall.Call(Buf: PLmxChar; Size: Integer): Integer;
begin
  {$IFDEF MSWINDOWS}
  Result := lmx_error_textW(H, Buf, Size);
  {$ELSE}
  Result := lmx_error_text(H, Buf, Size);
  {$ENDIF}
end;

function TVersionCall.Call(Buf: PLmxChar; Size: Integer): Integer;
begin
  {$IFDEF MSWINDOWS}
  Result := lmx_versionW(Buf, Size);
  {$ELSE}
  Result := lmx_version(Buf, Size);
  {$ENDIF}
end;

function ErrorTextOf(H: lmx_handle; English: Boolean): string;
var
  C: TErrorTextCall;
begin
  C := TErrorTextCall.Create;
  try
    C.H := H;
    if ReadBuffer(C.Call, Result) <> LMX_OK then
      if English then
        Result := 'the bridge library gave no error text'
      else
        Result := 'библиотека моста не сообщила текст ошибки';
  finally
    C.Free;
  end;
end;

{ ---- loading the library at run time ---------------------------------------------------------- }
type
  {$IFDEF FPC}
  TLmxLib = TLibHandle;
  {$ELSE}
  TLmxLib = HMODULE;
  {$ENDIF}

var
  Lib: TLmxLib = 0;

function LibOpen(const Path: string): TLmxLib;
begin
  {$IFDEF FPC}
  Result := LoadLibrary(Path);
  {$ELSE}
  Result := LoadLibrary(PChar(Path));
  {$ENDIF}
end;

function LibError: string;
begin
  {$IFDEF FPC}
  Result := GetLoadErrorStr;
  {$ELSE}
    {$IFDEF MSWINDOWS}
  Result := SysErrorMessage(GetLastError);
    {$ELSE}
  Result := '';
    {$ENDIF}
  {$ENDIF}
end;

function LoymaxLoad(out Why: string; English: Boolean): Boolean;
var
  Path, Missing: string;

  function Sym(const Name: string): Pointer;
  begin
    Result := GetProcAddress(Lib, {$IFDEF FPC}Name{$ELSE}PChar(Name){$ENDIF});
    if (Result = nil) and (Missing = '') then
      Missing := Name;
  end;

begin
  Why := '';
  if Lib <> 0 then
    Exit(True);
  Path := LoymaxLibraryPath;
  if Path = '' then
  begin
    Path := ExtractFilePath(ParamStr(0)) + LoymaxLib;
    if not FileExists(Path) then
      Path := LoymaxLib;             { the system's search: PATH, LD_LIBRARY_PATH … }
  end;
  Lib := LibOpen(Path);
  if Lib = 0 then
  begin
    if English then
      Why := Format('the bridge library %s could not be loaded (%s): put %s of the program''s bitness beside the program, '
        + 'or set LoymaxLibraryPath; the sale can go on without loyalty', [Path, Trim(LibError), LoymaxLib])
    else
      Why := Format('библиотека моста %s не загружена (%s): положите %s той же разрядности, что и программа, рядом с ней '
        + 'или укажите путь в LoymaxLibraryPath; продажу можно продолжить без программы лояльности', [Path, Trim(LibError), LoymaxLib]);
    Exit(False);
  end;
  Missing := '';
  @lmx_open := Sym('lmx_open');
  @lmx_close := Sym('lmx_close');
  @lmx_execute := Sym('lmx_execute');
  @lmx_result := Sym('lmx_result');
  @lmx_set_param := Sym('lmx_set_param');
  @lmx_reset_params := Sym('lmx_reset_params');
  @lmx_error_code := Sym('lmx_error_code');
  @lmx_error_text := Sym('lmx_error_text');
  @lmx_version := Sym('lmx_version');
  {$IFDEF MSWINDOWS}
  @lmx_openW := Sym('lmx_openW');
  @lmx_executeW := Sym('lmx_executeW');
  @lmx_resultW := Sym('lmx_resultW');
  @lmx_set_paramW := Sym('lmx_set_paramW');
  @lmx_error_textW := Sym('lmx_error_textW');
  @lmx_versionW := Sym('lmx_versionW');
  {$ENDIF}
  if Missing <> '' then
  begin
    if English then
      Why := Format('%s has no function %s: it is from another release of the bridge; install the library and '
        + 'LoymaxBridge.pas of one release', [Path, Missing])
    else
      Why := Format('в %s нет функции %s: библиотека из другого выпуска моста; установите библиотеку и '
        + 'LoymaxBridge.pas одного выпуска', [Path, Missing]);
    FreeLibrary(Lib);
    Lib := 0;
    Exit(False);
  end;
  Result := True;
end;

{ Loads the library or raises ELoymaxError(LMX_LIBRARY_NOT_LOADED). }
procedure RequireLibrary(English: Boolean);
var
  Why: string;
begin
  if not LoymaxLoad(Why, English) then
    raise ELoymaxError.Create(LMX_LIBRARY_NOT_LOADED, Why);
end;

{ Whether a configuration (the JSON object, or the path of a file holding one) says
  "language":"en": this unit's own sentences follow it, as the library's do. }
function ConfigIsEnglish(const Config: string): Boolean;
var
  S, Compact: string;
  F: TFileStream;
  Bytes: RawByteString;
  I: Integer;
begin
  S := Trim(Config);
  if (S <> '') and (S[1] <> '{') and FileExists(S) then
  begin
    Bytes := '';
    try
      F := TFileStream.Create(S, fmOpenRead or fmShareDenyNone);
      try
        if F.Size < 1024 * 1024 then
        begin
          SetLength(Bytes, F.Size);
          if F.Size > 0 then
            F.ReadBuffer(Bytes[1], F.Size);
        end;
      finally
        F.Free;
      end;
    except
      Bytes := '';                   { the library reports the file itself }
    end;
    S := string(Bytes);
  end;
  Compact := '';
  for I := 1 to Length(S) do
    if S[I] > ' ' then
      Compact := Compact + S[I];
  Result := Pos('"language":"en"', LowerCase(Compact)) > 0;
end;

{ ELoymaxError }

constructor ELoymaxError.Create(AStatus: Integer; const AText: string);
begin
  inherited Create(AText);
  FStatus := AStatus;
end;

{ TLoymaxBridge }

constructor TLoymaxBridge.Create(const Config: string);
var
  St: Integer;
begin
  inherited Create;
  FEnglish := ConfigIsEnglish(Config);
  RequireLibrary(FEnglish);
  {$IFDEF MSWINDOWS}
  St := lmx_openW(PWideChar(ToLmx(Config)), @FHandle);
  {$ELSE}
  St := lmx_open(PAnsiChar(ToLmx(Config)), @FHandle);
  {$ENDIF}
  if St <> LMX_OK then
    { no handle: the failure is recorded for this thread, read with a nil handle }
    raise ELoymaxError.Create(St, ErrorTextOf(nil, FEnglish));
end;

destructor TLoymaxBridge.Destroy;
begin
  if (FHandle <> nil) and Assigned(lmx_close) then
    lmx_close(FHandle);
  FHandle := nil;
  inherited;
end;

procedure TLoymaxBridge.Check(Status: Integer);
begin
  if Status <> LMX_OK then
    raise ELoymaxError.Create(Status, ErrorTextOf(FHandle, FEnglish));
end;

function TLoymaxBridge.TryExecute(const Command, RequestJson: string): Integer;
var
  Cmd, Req: TLmxString;
  PReq: PLmxChar;
begin
  Cmd := ToLmx(Command);
  Req := ToLmx(RequestJson);
  if RequestJson = '' then PReq := nil else PReq := PLmxChar(Req);
  {$IFDEF MSWINDOWS}
  Result := lmx_executeW(FHandle, PWideChar(Cmd), PReq);
  {$ELSE}
  Result := lmx_execute(FHandle, PAnsiChar(Cmd), PReq);
  {$ENDIF}
end;

procedure TLoymaxBridge.Execute(const Command, RequestJson: string);
begin
  Check(TryExecute(Command, RequestJson));
end;

procedure TLoymaxBridge.SetParam(const JsonPointer, Value: string);
begin
  {$IFDEF MSWINDOWS}
  Check(lmx_set_paramW(FHandle, PWideChar(ToLmx(JsonPointer)), PWideChar(ToLmx(Value))));
  {$ELSE}
  Check(lmx_set_param(FHandle, PAnsiChar(ToLmx(JsonPointer)), PAnsiChar(ToLmx(Value))));
  {$ENDIF}
end;

procedure TLoymaxBridge.ResetParams;
begin
  Check(lmx_reset_params(FHandle));
end;

function TLoymaxBridge.ReadResult(const JsonPointer: string; out Text: string): Integer;
var
  C: TResultCall;
begin
  C := TResultCall.Create;
  try
    C.H := FHandle;
    C.Ptr := ToLmx(JsonPointer);
    Result := ReadBuffer(C.Call, Text);
  finally
    C.Free;
  end;
end;

function TLoymaxBridge.Value(const JsonPointer: string): string;
begin
  Check(ReadResult(JsonPointer, Result));
end;

function TLoymaxBridge.ValueOr(const JsonPointer, Default: string): string;
var
  St: Integer;
begin
  St := ReadResult(JsonPointer, Result);
  if St = LMX_NOT_FOUND then
    Result := Default
  else
    Check(St);
end;

function TLoymaxBridge.Json: string;
begin
  Result := Value('');
end;

function TLoymaxBridge.LastErrorCode: Integer;
begin
  Result := lmx_error_code(FHandle);
end;

function TLoymaxBridge.LastErrorText: string;
begin
  Result := ErrorTextOf(FHandle, FEnglish);
end;

class function TLoymaxBridge.Version: string;
var
  C: TVersionCall;
  St: Integer;
begin
  RequireLibrary(False);
  C := TVersionCall.Create;
  try
    St := ReadBuffer(C.Call, Result);
    if St <> LMX_OK then
      raise ELoymaxError.Create(St, ErrorTextOf(nil, False));
  finally
    C.Free;
  end;
end;

end.
