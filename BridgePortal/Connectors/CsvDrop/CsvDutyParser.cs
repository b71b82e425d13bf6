using System.Globalization;
using System.Text;
using CsvHelper;
using BridgePortal.Engine;
using CsvHelper.Configuration;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>Reads duty-status CSV files with CsvHelper: configurable column names, timestamp formats, culture and delimiter.</summary>
public sealed class CsvDutyParser(IReadOnlyDictionary<string, string> settings)
{
    private readonly string employeeColumn = CsvDropSettings.Get(settings, CsvDropSettings.EmployeeIdColumn, CsvDropSettings.DefaultEmployeeIdColumn);
    private readonly string statusColumn = CsvDropSettings.Get(settings, CsvDropSettings.StatusColumn, CsvDropSettings.DefaultStatusColumn);
    private readonly string timestampColumn = CsvDropSettings.Get(settings, CsvDropSettings.TimestampColumn, CsvDropSettings.DefaultTimestampColumn);
    private readonly string[] formats = CsvDropSettings.Formats(settings);
    private readonly CultureInfo culture = CsvDropSettings.CultureOf(settings);
    private readonly HashSet<string> on = CsvDropSettings.Values(settings, CsvDropSettings.OnValues, CsvDropSettings.DefaultOnValues);
    private readonly HashSet<string> off = CsvDropSettings.Values(settings, CsvDropSettings.OffValues, CsvDropSettings.DefaultOffValues);
    private readonly string delimiter = CsvDropSettings.Get(settings, CsvDropSettings.Delimiter, ",");

    public ParsedFile Parse(string file, byte[] content)
    {
        var rows = new List<DutyRow>();
        var problems = new List<CsvProblem>();
        var entries = 0;
        var badData = new List<int>();
        var config = new CsvConfiguration(culture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            MissingFieldFound = null,
            HeaderValidated = null,
            PrepareHeaderForMatch = a => a.Header.Trim().ToUpperInvariant(),
            DetectColumnCountChanges = false,
        };
        CsvReader? reader = null;
        config.BadDataFound = _ => badData.Add(reader?.Parser.RawRow ?? 0);
        try
        {
            using var text = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            using var csv = reader = new CsvReader(text, config);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            {
                return new ParsedFile(file, 0, rows, problems, "the file is empty (no header row)");
            }

            var names = header.Select(h => h.Trim().ToUpperInvariant()).ToHashSet();
            var missing = new[] { employeeColumn, statusColumn, timestampColumn }.Where(c => !names.Contains(c.ToUpperInvariant())).ToList();
            if (missing.Count > 0)
            {
                return new ParsedFile(file, 0, rows, problems, $"missing column(s) {string.Join(", ", missing)} (header: {string.Join(",", header)})");
            }

            while (csv.Read())
            {
                entries++;
                var line = csv.Parser.RawRow;
                if (badData.Remove(line))
                {
                    problems.Add(new CsvProblem(file, line, "malformed CSV (stray quote)"));
                    continue;
                }

                var employee = Field(csv, employeeColumn);
                var status = Field(csv, statusColumn);
                var stamp = Field(csv, timestampColumn);
                if (string.IsNullOrEmpty(employee))
                {
                    problems.Add(new CsvProblem(file, line, $"no {employeeColumn}"));
                }
                else if (EmployeeIdProblem(employee) is { } idProblem)
                {
                    problems.Add(new CsvProblem(file, line, $"{employeeColumn} {idProblem}; the row is skipped"));
                }
                else if (status is null || !(on.Contains(status) || off.Contains(status)))
                {
                    problems.Add(new CsvProblem(file, line, $"{statusColumn} '{Shown(status)}' is neither on ({string.Join("/", on)}) nor off ({string.Join("/", off)})", employee));
                }
                else if (stamp is null || !DateTime.TryParseExact(stamp, formats, culture, DateTimeStyles.AllowWhiteSpaces, out var timestamp))
                {
                    problems.Add(new CsvProblem(file, line, $"{timestampColumn} '{Shown(stamp)}' matches none of the formats {string.Join(" | ", formats)}", employee));
                }
                else
                {
                    rows.Add(new DutyRow(employee, on.Contains(status), DateTime.SpecifyKind(timestamp, DateTimeKind.Unspecified), file, line));
                }
            }
        }
        catch (Exception e) when (e is CsvHelperException or DecoderFallbackException or IOException)
        {
            return new ParsedFile(file, entries, [], [], $"unreadable CSV: {e.Message.Split('\n')[0]}");
        }

        return new ParsedFile(file, entries, rows, problems, null);
    }

    /// <summary>The employee id becomes the natural id <c>{id}@{yyyy-MM-ddTHH:mm:ss}</c>, so it gets the id policy minus that suffix.</summary>
    public static string? EmployeeIdProblem(string employee) =>
        employee.Length > MaxEmployeeIdLength
            ? $"is {employee.Length} characters long (at most {MaxEmployeeIdLength})"
            : NaturalIds.Problem(employee);

    public const int MaxEmployeeIdLength = NaturalIds.MaxLength - 20;

    /// <summary>A cell as quoted in a problem: control characters (a NUL that PostgreSQL refuses in text) as '?', at most 60 characters.</summary>
    private static string Shown(string? value) =>
        value is null ? "" : new string([.. value.Take(60).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c)]) + (value.Length > 60 ? "…" : "");

    private static string? Field(CsvReader csv, string column) =>
        csv.TryGetField<string>(column.ToUpperInvariant(), out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Latest timestamp wins per employee across all files (a tie goes to the row read last).</summary>
    public static IReadOnlyList<DutyRow> Latest(IEnumerable<DutyRow> rows) =>
        [.. rows.GroupBy(r => r.EmployeeId, StringComparer.OrdinalIgnoreCase).Select(g => g.Aggregate((a, b) => b.Timestamp >= a.Timestamp ? b : a)).OrderBy(r => r.EmployeeId, StringComparer.Ordinal)];
}
