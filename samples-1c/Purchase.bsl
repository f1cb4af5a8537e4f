// Purchase.bsl — покупка через COM-объект Loymax.Bridge из 1С:Предприятия (встроенный язык).
//
// Это та же покупка, что во второй части com-registration/tests/purchase.vbs (тест под wine):
// у каждой строки в комментарии «vbs:» — соответствующая строка VBScript.
//
// Где: общий модуль, модуль внешней обработки или обработчик команды — там, где доступен
// Новый COMОбъект (толстый клиент, сервер под Windows, внешняя компонента не нужна).
// Разрядность: 64-битная 1С создаёт объект из windows-x64\loymax_bridge.dll, 32-битная — из
// windows-x86\loymax_bridge.dll; зарегистрируйте обе (com-registration\register.cmd). Если
// зарегистрирована только «чужая» разрядность, Новый COMОбъект вызывает исключение
// «Класс не зарегистрирован» (0x80040154) — проверьте lmx_comcheck.exe.
// Сервер 1С, работающий как служба, не видит регистрацию «для пользователя» (register.cmd user).
//
// Ошибки: при RaiseErrors = Истина (по умолчанию) неудачная операция вызывает исключение;
// ОписаниеОшибки() содержит текст процессинга или моста (его же точно возвращает
// Мост.LastErrorText), Мост.LastErrorCode — код статуса (205 — карта заблокирована).
// При Мост.RaiseErrors = Ложь исключений нет: после каждого вызова проверяйте LastErrorCode
// (так принято в драйверах торгового оборудования).
//
// Деньги и количества передаются строками с точкой ("89.90") или числами: мост сам переводит
// число в строку с точкой, в какой бы локали ни работала 1С. Дата — значением типа Дата.

// Строка с суммой ("1405.37") -> число копеек.                             vbs: Function Cents(s)
Функция Копейки(Знач Сумма)
	Если ПустаяСтрока(Сумма) Тогда
		Возврат 0;
	КонецЕсли;
	Возврат Число(Сумма) * 100;
КонецФункции

// Копейки -> строка "1405.37" (точка, без разделителя групп).              vbs: Function Money(c)
Функция Деньги(Знач Коп)
	Возврат Формат(Коп / 100, "ЧЦ=15; ЧДЦ=2; ЧРД=.; ЧГ=0; ЧН=0.00");
КонецФункции

// Конфигурация: JSON кассы или путь к файлу с ним, например
// {"engine":"host","url":"https://…/XmlExchange/partner/reg01/","login":"reg01","password":"…"}
Процедура ВыполнитьПокупку(Знач Конфигурация) Экспорт
	Мост = Новый COMОбъект("Loymax.Bridge");                            // vbs: Set o = CreateObject("Loymax.Bridge")
	Сообщить("Loymax.Bridge " + Мост.Version);                          // vbs: WScript.Echo "Loymax.Bridge " & o.Version

	Попытка
		Мост.Open(Конфигурация);                                        // vbs: o.Open cfg
	Исключение
		// vbs: If Err.Number <> 0 Then … WScript.Echo "FAIL purchase: Open: " & Hex(num) & " " & desc
		Сообщить("Не удалось открыть сессию кассы: " + Мост.LastErrorText + " (статус " + Мост.LastErrorCode + ")");
		Возврат;
	КонецПопытки;

	Попытка
		// 1. Баланс по телефону
		Мост.SetParam("/cashier", "Иванова М.");                        // vbs: o.SetParam "/cashier", texts(2)
		Мост.SetParam("/identifier/type", "phone");                     // vbs: o.SetParam "/identifier/type", "phone"
		Мост.SetParam("/identifier/value", "79260000003");              // vbs: o.SetParam "/identifier/value", 79260000003
		Результат = Мост.Execute("balance");                            // vbs: r = o.Execute("balance")
		До = Копейки(Мост.Result("/balance"));                          // vbs: before = Cents(o.Result("/balance"))
		Владелец = Мост.Result("/identifierData/Holder");               // vbs: Check o.Result("/identifierData/Holder") <> ""

		// 2. Расчёт чека: строки задаются по одному параметру (JSON Pointer)
		Мост.SetParam("/cheque/number", Формат(ТекущаяДата(), "ДФ=ЧЧммсс"));   // vbs: o.SetParam "/cheque/number", "VBS-" & …
		Мост.SetParam("/cheque/date", ТекущаяДата());                   // vbs: o.SetParam "/cheque/date", Now
		Мост.SetParam("/cheque/lines/0/pos", 1);                        // vbs: o.SetParam "/cheque/lines/0/pos", 1
		Мост.SetParam("/cheque/lines/0/goodsId", "1001");               // vbs: o.SetParam "/cheque/lines/0/goodsId", "1001"
		Мост.SetParam("/cheque/lines/0/name", "Молоко 3,2% 1 л");       // vbs: o.SetParam "/cheque/lines/0/name", texts(3)
		Мост.SetParam("/cheque/lines/0/price", 89.9);                   // vbs: o.SetParam "/cheque/lines/0/price", 89.9
		Мост.SetParam("/cheque/lines/0/quantity", 2);                   // vbs: o.SetParam "/cheque/lines/0/quantity", 2
		Мост.SetParam("/cheque/lines/0/amount", "179.80");              // vbs: o.SetParam "/cheque/lines/0/amount", "179.80"
		Мост.SetParam("/cheque/lines/1/pos", 2);                        // vbs: o.SetParam "/cheque/lines/1/pos", 2
		Мост.SetParam("/cheque/lines/1/goodsId", "1002");               // vbs: o.SetParam "/cheque/lines/1/goodsId", "1002"
		Мост.SetParam("/cheque/lines/1/name", "Хлеб");                  // vbs: o.SetParam "/cheque/lines/1/name", "Bread"
		Мост.SetParam("/cheque/lines/1/price", 45.5);                   // vbs: o.SetParam "/cheque/lines/1/price", CCur(45.5)
		Мост.SetParam("/cheque/lines/1/quantity", 1);                   // vbs: o.SetParam "/cheque/lines/1/quantity", CLng(1)
		Мост.SetParam("/cheque/lines/1/amount", 45.5);                  // vbs: o.SetParam "/cheque/lines/1/amount", CCur(45.5)
		Результат = Мост.Execute("calculate");                          // vbs: r = o.Execute("calculate")
		Итого = Копейки(Мост.Result("/lines/0/amount")) + Копейки(Мост.Result("/lines/1/amount"));  // vbs: total = …
		Скидка = Мост.Result("/lines/0/discount");                      // vbs: disc = o.Result("/lines/0/discount")
		Доступно = Копейки(Мост.Result("/availableAmount"));            // vbs: avail = Cents(o.Result("/availableAmount"))
		ИдПокупки = Мост.Result("/purchaseId");                         // vbs: purchaseId = o.Result("/purchaseId")
		// Состояние связи и очереди (не меняют результат последней операции)
		Если Не Мост.IsOnline Тогда                                     // vbs: Check o.IsOnline = True, "IsOnline"
			Сообщить("Процессинг недоступен: скидки не рассчитаны, операции уйдут в очередь (" + Мост.QueueLength + ")");
		КонецЕсли;

		// 3. Оплата бонусами: 100.00 или сколько доступно
		Оплачено = Мин(Доступно, 10000);                                // vbs: paid = avail : If paid > 10000 Then paid = 10000
		Если Оплачено > 0 Тогда                                         // vbs: If paid > 0 Then
			Мост.SetParam("/amount", Деньги(Оплачено));                 // vbs: o.SetParam "/amount", Money(paid)
			Результат = Мост.Execute("pay");                            // vbs: r = o.Execute("pay")
			Оплачено = Копейки(Мост.Result("/amount"));                 // vbs: paid = Cents(o.Result("/amount"))
		КонецЕсли;                                                      // vbs: End If

		// 4. Окончательный расчёт с разбивкой оплаты
		Мост.SetParam("/pays/0/type", "Bonus");                         // vbs: o.SetParam "/pays/0/type", "Bonus"
		Мост.SetParam("/pays/0/amount", Деньги(Оплачено));              // vbs: o.SetParam "/pays/0/amount", Money(paid)
		Мост.SetParam("/pays/1/type", "Card");                          // vbs: o.SetParam "/pays/1/type", "Card"
		Мост.SetParam("/pays/1/amount", Деньги(Итого - Оплачено));      // vbs: o.SetParam "/pays/1/amount", Money(total - paid)
		Результат = Мост.Execute("discount");                           // vbs: r = o.Execute("discount")
		Начислено = Копейки(Мост.Result("/bonusAmount"));               // vbs: accrued = Cents(o.Result("/bonusAmount"))
		СкидкаСтроки1 = Мост.Result("/lines/0/discount");               // vbs: line0 = o.Result("/lines/0/discount")

		// 5. Подтверждение
		Результат = Мост.Execute("confirm");                            // vbs: r = o.Execute("confirm")

		// 6. Баланс после покупки (весь запрос одним JSON)
		Мост.ResetParams();                                             // vbs: o.ResetParams
		Результат = Мост.Execute("balance", "{""identifier"":{""type"":""phone"",""value"":""79260000003""}}");  // vbs: r = o.Execute("balance", "{…}")
		После = Копейки(Мост.Result("/balance"));                       // vbs: after = Cents(o.Result("/balance"))
		Если После <> До - Оплачено + Начислено Тогда                   // vbs: Check after = before - paid + accrued, …
			Сообщить("Баланс после покупки не сходится: " + Деньги(После));
		КонецЕсли;
		Сообщить("Покупка " + ИдПокупки + ": итого " + Деньги(Итого) + ", бонусами " + Деньги(Оплачено)  // vbs: WScript.Echo "purchase " & …
			+ ", начислено " + Деньги(Начислено) + ", скидка строки 1 " + СкидкаСтроки1
			+ ", баланс " + Деньги(До) + " -> " + Деньги(После));
	Исключение
		// vbs: NoError "…" — любая ошибка: текст процессинга или моста
		Сообщить("Ошибка Loymax (статус " + Мост.LastErrorCode + "): " + Мост.LastErrorText);
		Сообщить(ОписаниеОшибки());
	КонецПопытки;

	// 7. Заблокированная карта: исключение с текстом процессинга
	Мост.ResetParams();                                                 // vbs: o.ResetParams
	Мост.SetParam("/identifier/type", "cardNumber");                    // vbs: o.SetParam "/identifier/type", "cardNumber"
	Мост.SetParam("/identifier/value", "8690037");                      // vbs: o.SetParam "/identifier/value", "8690037"
	Попытка
		Результат = Мост.Execute("balance");                            // vbs: r = o.Execute("balance")
	Исключение
		Если Мост.LastErrorCode = Мост.StatusCardBlocked Тогда          // vbs: t = Expect(o.StatusCardBlocked, "blocked card")
			Сообщить("Карта заблокирована: " + Мост.LastErrorText);     // vbs: Check InStr(t, "Card is blocked") > 0, …
		Иначе
			Сообщить(ОписаниеОшибки());
		КонецЕсли;
		Статус = Мост.Result("/error/status");                          // vbs: Check o.Result("/error/status") = "205", …
	КонецПопытки;

	// То же без исключений, как в драйверах оборудования
	Мост.RaiseErrors = Ложь;                                            // vbs: o.RaiseErrors = False
	Результат = Мост.Execute("balance");                                // vbs: r = o.Execute("balance")
	Если Мост.LastErrorCode <> Мост.StatusOk Тогда                      // vbs: Check … o.LastErrorCode = …
		Сообщить("Статус " + Мост.LastErrorCode + ": " + Мост.LastErrorText);
	КонецЕсли;
	Мост.RaiseErrors = Истина;                                          // vbs: o.RaiseErrors = True

	Мост.Close();                                                       // vbs: o.Close
КонецПроцедуры
