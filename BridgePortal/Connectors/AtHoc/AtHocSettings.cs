using System.Globalization;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Names and defaults of the AtHoc connection's and sink's settings. AtHoc's public docs are thin: every
/// detail they leave open (paths, attribute names, formats, page size) is a setting whose default comes from
/// working client code (see shared/reference/apis.md).
/// </summary>
public static class AtHocSettings
{
    public const string ServerUrl = "ServerUrl";
    public const string OrgCode = "OrgCode";
    public const string ClientId = "ClientId";
    public const string ClientSecret = "ClientSecret";
    public const string Username = "Username";
    public const string Password = "Password";
    public const string Scope = "Scope";
    public const string DutyFields = "DutyFields";
    public const string UsernameAttribute = "UsernameAttribute";
    public const string EmployeeIdAttribute = "EmployeeIdAttribute";
    public const string CollarIdAttribute = "CollarIdAttribute";
    public const string ReadAttributes = "ReadAttributes";
    public const string UsersPageSize = "UsersPageSize";
    public const string VerifyTls = "VerifyTls";
    public const string SyncMaxDays = "SyncMaxDays";
    public const string SyncDailyHour = "SyncDailyHour";

    public const string ChunkSize = "ChunkSize";
    public const string TimestampFormat = "TimestampFormat";
    public const string CleanupHours = "CleanupHours";

    public const string DefaultScope = "athoc.iws.web.api";
    public const string DefaultDutyField = "On-Duty-DTG";
    public const string DefaultUsernameAttribute = "LOGIN_ID";
    public const string DefaultEmployeeIdAttribute = "Collar-Number";
    public const string DefaultTimestampFormat = "dd/MM/yyyy HH:mm:ss";
    public const int DefaultUsersPageSize = 1000;
    public const int DefaultChunkSize = 100;
    public const int DefaultSyncMaxDays = 2;
    public const int DefaultSyncDailyHour = 20;

    /// <summary>The duty-status attribute(s) the sink may set: the whole allow-list besides the username key.</summary>
    public static IReadOnlyList<string> Duty(ConnectionData c) => List(c.Setting(DutyFields)) is { Count: > 0 } l ? l : [DefaultDutyField];

    public static string UsernameKey(ConnectionData c) => c.Setting(UsernameAttribute) ?? DefaultUsernameAttribute;

    public static string EmployeeKey(ConnectionData c) => c.Setting(EmployeeIdAttribute) ?? DefaultEmployeeIdAttribute;

    public static string? CollarKey(ConnectionData c) => c.Setting(CollarIdAttribute);

    /// <summary>The attribute common names the mapping sync asks for: username, employee id, collar id and any extra ones.</summary>
    public static IReadOnlyList<string> Attributes(ConnectionData c) =>
        [.. new[] { UsernameKey(c), EmployeeKey(c), CollarKey(c) }.OfType<string>().Concat(List(c.Setting(ReadAttributes))).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static SettingField VerifyTlsField { get; } =
        SettingField.YesNo(VerifyTls, "Verify TLS certificate", defaultYes: true, "Switch off only for a test server with a self-signed certificate");

    public static bool VerifiesTls(ConnectionData c) => VerifyTlsField.IsYes(c.Setting(VerifyTls));

    public static int PageSize(ConnectionData c) => Int(c.Setting(UsersPageSize), 1, 10000, DefaultUsersPageSize);

    public static int MaxDays(ConnectionData c) => Int(c.Setting(SyncMaxDays), 1, 365, DefaultSyncMaxDays);

    public static int DailyHour(ConnectionData c) => Int(c.Setting(SyncDailyHour), 0, 23, DefaultSyncDailyHour);

    public static int Chunk(IReadOnlyDictionary<string, string> sink) => Int(sink.GetValueOrDefault(ChunkSize), 1, 1000, DefaultChunkSize);

    public static string Format(IReadOnlyDictionary<string, string> sink) =>
        sink.GetValueOrDefault(TimestampFormat) is { Length: > 0 } f ? f : DefaultTimestampFormat;

    /// <summary>
    /// The sink's "clear on-duty status after N hours": null when off (empty or 0, the default); an error for a value
    /// that is not a whole number of hours from 1 to 744 (31 days), which also leaves the clean-up off.
    /// </summary>
    public static (int? Hours, string? Error) Cleanup(IReadOnlyDictionary<string, string> sink) =>
        sink.GetValueOrDefault(CleanupHours)?.Trim() is not { Length: > 0 } text || text == "0"
            ? (null, null)
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= 744
                ? (h, null)
                : (null, $"'{text}' is not a number of hours from 1 to 744 (0 or empty = off)");

    public static List<string> List(string? text) =>
        [.. (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static int Int(string? text, int min, int max, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : fallback;
}
