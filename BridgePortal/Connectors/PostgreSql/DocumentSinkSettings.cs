using System.Text.RegularExpressions;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>The PostgreSQL document sink's bridge settings: which table each document type goes to, and whom to notify.</summary>
public static partial class DocumentSinkSettings
{
    public const string TablePrefix = "TablePrefix";
    public const string Tables = "Tables";
    public const string CreateTables = "CreateTables";
    public const string NotifyBridge = "NotifyBridge";
    public const string DefaultPrefix = "doc_";

    // On by default: a new bridge's first delivery otherwise fails on a table nobody has created yet (issue 15).
    public static SettingField CreateTablesField { get; } = SettingField.YesNo(CreateTables, "Create missing tables", defaultYes: true,
        "Create a missing table (typed columns + document jsonb) on first use; when off, a missing table fails the record");

    public static IReadOnlyList<SettingField> Fields { get; } =
    [
        new(TablePrefix, "Table prefix", Help: "Each document type goes to <prefix><type>, e.g. doc_commit, doc_issue, doc_taiga_task (default doc_)"),
        new(Tables, "Tables by type", Multiline: true, Help: "Overrides, one 'type: table' (or 'type: schema.table') per line, e.g. 'commit: metrics.commits'"),
        CreateTablesField,
        new(NotifyBridge, "Notify bridge (key)", Help: "Key of a 'Document notifications' bridge (to an Http connection): after each document is stored, an envelope is queued there"),
    ];

    /// <summary>The quoted table name for <paramref name="type"/>, or null with the reason it is not a valid identifier.</summary>
    public static (string? Table, string? Error) TableFor(IReadOnlyDictionary<string, string> settings, string type)
    {
        var overrides = SettingsJson.Headers(settings.GetValueOrDefault(Tables)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var name = overrides.TryGetValue(type, out var table) ? table : (settings.GetValueOrDefault(TablePrefix) ?? DefaultPrefix) + type;
        var parts = name.Trim().Split('.');
        return parts.Length <= 2 && parts.All(p => Identifier().IsMatch(p))
            ? (string.Join('.', parts.Select(p => $"\"{p}\"")), null)
            : (null, $"'{name}' is not a valid table name for document type '{type}' (letters, digits and _; optionally schema.table).");
    }

    public static bool Create(IReadOnlyDictionary<string, string> settings) => CreateTablesField.IsYes(settings.GetValueOrDefault(CreateTables));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
