using System.Globalization;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>Names and defaults of the CSV drop source's settings.</summary>
public static class CsvDropSettings
{
    public const string Folder = "Folder";
    public const string FilePattern = "FilePattern";
    public const string EmployeeIdColumn = "EmployeeIdColumn";
    public const string StatusColumn = "StatusColumn";
    public const string TimestampColumn = "TimestampColumn";
    public const string TimestampFormats = "TimestampFormats";
    public const string Culture = "Culture";
    public const string Delimiter = "Delimiter";
    public const string OnValues = "OnValues";
    public const string OffValues = "OffValues";
    public const string SettleSeconds = "SettleSeconds";

    public const string DefaultPattern = "*.csv";
    public const string DefaultEmployeeIdColumn = "Employee_ID";
    public const string DefaultStatusColumn = "Status";
    public const string DefaultTimestampColumn = "Timestamp";
    public const string DefaultTimestampFormats = "dd/MM/yyyy HH:mm:ss;dd/MM/yyyy HH:mm;yyyy-MM-dd HH:mm:ss;yyyy-MM-ddTHH:mm:ss";
    public const string DefaultOnValues = "ON;ON DUTY;1;TRUE;YES;Y";
    public const string DefaultOffValues = "OFF;OFF DUTY;0;FALSE;NO;N";
    public const int DefaultSettleSeconds = 2;

    public static string Get(IReadOnlyDictionary<string, string> s, string name, string fallback) =>
        s.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;

    public static string[] Formats(IReadOnlyDictionary<string, string> s) =>
        Get(s, TimestampFormats, DefaultTimestampFormats).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static HashSet<string> Values(IReadOnlyDictionary<string, string> s, string name, string fallback) =>
        new(Get(s, name, fallback).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    public static CultureInfo CultureOf(IReadOnlyDictionary<string, string> s)
    {
        try
        {
            return CultureInfo.GetCultureInfo(Get(s, Culture, "en-GB"));
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    public static TimeSpan Settle(IReadOnlyDictionary<string, string> s) =>
        TimeSpan.FromSeconds(int.TryParse(s.GetValueOrDefault(SettleSeconds), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 3600 ? n : DefaultSettleSeconds);
}
