using System.Text.RegularExpressions;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>The survey sink's bridge settings: which forms are wet-mill registrations and visits, where the tables live, what is not an answer.</summary>
public sealed partial record SurveySinkSettings(
    IReadOnlyList<string> RegistrationForms,
    IReadOnlyList<string> VisitForms,
    string Schema,
    bool CreateTables,
    AnswerPaths Answers,
    string? VisitCaseAnswer,
    IReadOnlyDictionary<string, string> WetMillAnswers)
{
    public const string RegistrationFormsSetting = "RegistrationForms";
    public const string VisitFormsSetting = "VisitForms";
    public const string SchemaSetting = "Schema";
    public const string CreateTablesSetting = "CreateTables";
    public const string IgnoredAnswersSetting = "IgnoredAnswers";
    public const string RepeatGroupsSetting = "RepeatGroups";
    public const string VisitCaseAnswerSetting = "VisitCaseAnswer";
    public const string WetMillAnswersSetting = "WetMillAnswers";
    public const string DefaultSchema = "public";
    public const string DefaultIgnored = "meta, case, @*, #type";

    // Off by default as before (issue 15 asks the default change of the documents sink only); the switch makes it one click.
    public static SettingField CreateTablesField { get; } = SettingField.YesNo(CreateTablesSetting, "Create missing tables", defaultYes: false,
        "Create the schema and missing tables (docs/commcare-surveys.md) on first use; when off, a missing table fails the record");

    public static IReadOnlyList<SettingField> Fields { get; } =
    [
        new(RegistrationFormsSetting, "Wet-mill registration form", Required: true, Multiline: true,
            Help: "The form that registers a wet mill (creates its case): its xmlns (form settings → Advanced, e.g. http://openrosa.org/formdesigner/…) or its exact name; one per line for several versions"),
        new(VisitFormsSetting, "Wet-mill visit form", Required: true, Multiline: true,
            Help: "The form filled in at a wet-mill visit (a follow-up on the wet-mill case): xmlns or exact name; one per line. Forms of any other type fail as 'Unrouted' and are kept"),
        new(SchemaSetting, "Schema", Help: "PostgreSQL schema of the wetmills, form_visits, survey_responses and survey_question_responses tables (default public)"),
        CreateTablesField,
        new(IgnoredAnswersSetting, "Ignored answer paths", Multiline: true,
            Help: $"Not stored as question rows, comma or line separated; a name matches that group/question anywhere, a path (group/question) from the form root, * is a wildcard. Default: {DefaultIgnored}"),
        new(RepeatGroupsSetting, "Repeat groups", Help: "Paths of repeat groups, e.g. plots, visit/plots: CommCare sends a repeat with one entry as a plain group; listed ones are still stored as plots[1]/…"),
        new(VisitCaseAnswerSetting, "Wet-mill case id answer", Help: "Visit forms: path of the answer holding the wet mill's case id (e.g. wetmill_case_id); default: the case block's @case_id (a follow-up form updating the wet-mill case)"),
        new(WetMillAnswersSetting, "Wet-mill columns", Multiline: true,
            Help: "Registration: 'column: answer path' lines where the form's question ids differ from the column names (wetmill_name, cooperative_name, office_phone, manager_name, manager_phone, village, district, gps), e.g. 'manager_name: manager/full_name'"),
    ];

    /// <summary>The wetmills columns filled from answers (the column name is the default question path).</summary>
    public static IReadOnlyList<string> WetMillColumns { get; } =
        ["wetmill_name", "cooperative_name", "office_phone", "manager_name", "manager_phone", "village", "district", "gps"];

    /// <summary>Reads the settings, or the reason they cannot be used (the same for every record of the bridge).</summary>
    public static (SurveySinkSettings? Settings, string? Error) Read(IReadOnlyDictionary<string, string> settings)
    {
        var registration = Lines(settings.GetValueOrDefault(RegistrationFormsSetting));
        var visit = Lines(settings.GetValueOrDefault(VisitFormsSetting));
        if (registration.Count == 0 || visit.Count == 0)
        {
            return (null, "The bridge does not say which forms are wet-mill registrations and visits: set 'Wet-mill registration form' and 'Wet-mill visit form' (xmlns or form name).");
        }

        if (registration.Intersect(visit, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
        {
            return (null, $"'{both}' is set as both the wet-mill registration and the visit form.");
        }

        var schema = settings.GetValueOrDefault(SchemaSetting)?.Trim() is { Length: > 0 } s ? s : DefaultSchema;
        if (!Identifier().IsMatch(schema))
        {
            return (null, $"'{schema}' is not a valid schema name (letters, digits and _, not starting with a digit).");
        }

        var wetMillAnswers = WetMillColumns.ToDictionary(c => c, c => c);
        foreach (var (column, path) in SettingsJson.Headers(settings.GetValueOrDefault(WetMillAnswersSetting)))
        {
            if (!wetMillAnswers.ContainsKey(column))
            {
                return (null, $"'{column}' is not a wetmills column filled from answers (one of {string.Join(", ", WetMillColumns)}).");
            }

            wetMillAnswers[column] = path.Trim('/');
        }

        var ignored = settings.GetValueOrDefault(IgnoredAnswersSetting) is { } i && !string.IsNullOrWhiteSpace(i) ? i : DefaultIgnored;
        return (new SurveySinkSettings(
            registration,
            visit,
            schema,
            CreateTablesField.IsYes(settings.GetValueOrDefault(CreateTablesSetting)),
            new AnswerPaths(List(ignored), List(settings.GetValueOrDefault(RepeatGroupsSetting))),
            settings.GetValueOrDefault(VisitCaseAnswerSetting)?.Trim().Trim('/') is { Length: > 0 } p ? p : null,
            wetMillAnswers), null);
    }

    /// <summary>Which table set a form goes to, or null when it is neither (unrouted).</summary>
    public SurveyFormKind? Route(CommCare.CommCareForm form) =>
        Matches(RegistrationForms, form) ? SurveyFormKind.WetMillRegistration
        : Matches(VisitForms, form) ? SurveyFormKind.WetMillVisit
        : null;

    /// <summary>The schema-qualified, quoted name of <paramref name="table"/>.</summary>
    public string Table(string table) => $"\"{Schema}\".\"{table}\"";

    private static bool Matches(IReadOnlyList<string> types, CommCare.CommCareForm form) =>
        types.Any(t => string.Equals(t, form.Xmlns, StringComparison.Ordinal) || string.Equals(t, form.Name, StringComparison.OrdinalIgnoreCase));

    private static List<string> Lines(string? value) =>
        [.. (value ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string> List(string? value) =>
        [.. (value ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Trim('/'))];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
