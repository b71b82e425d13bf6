using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// Turns a form's answers (the <c>form</c> object) into one <see cref="SurveyAnswer"/> per answered question:
/// groups become path segments, repeat groups (JSON arrays, or listed <see cref="RepeatGroups"/> sent as one
/// object) are indexed from 1, ignored names and paths are left out, empty answers are skipped.
/// </summary>
public sealed class AnswerPaths(IReadOnlyList<string> ignored, IReadOnlyList<string> repeatGroups)
{
    private readonly List<Regex> ignoredNames = [.. ignored.Where(p => !p.Contains('/')).Select(Glob)];
    private readonly List<Regex> ignoredPaths = [.. ignored.Where(p => p.Contains('/')).Select(Glob)];
    private readonly HashSet<string> repeats = new(repeatGroups, StringComparer.Ordinal);

    public IReadOnlyList<string> Ignored => ignored;

    public IReadOnlyList<string> RepeatGroups => [.. repeats];

    /// <summary>The answers of <paramref name="form"/> in document order.</summary>
    public List<SurveyAnswer> Flatten(JsonObject form)
    {
        var answers = new List<SurveyAnswer>();
        Walk(form, "", "", answers);
        return answers;
    }

    /// <summary>The text of the answer at <paramref name="path"/> (group/question, no indexes: the first entry of a repeat), or null.</summary>
    public static string? TextAt(JsonObject form, string path)
    {
        JsonNode? node = form;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonArray array ? array.FirstOrDefault() : node;
            node = node is JsonObject o ? o[segment] : null;
        }

        return Scalar(node);
    }

    /// <summary>Whether <paramref name="name"/> at <paramref name="plainPath"/> (no indexes) is left out.</summary>
    public bool IsIgnored(string name, string plainPath) =>
        ignoredNames.Any(r => r.IsMatch(name)) || ignoredPaths.Any(r => r.IsMatch(plainPath));

    private void Walk(JsonObject group, string path, string plainPath, List<SurveyAnswer> answers)
    {
        foreach (var (name, node) in group)
        {
            var childPlain = plainPath.Length == 0 ? name : $"{plainPath}/{name}";
            if (node is null || IsIgnored(name, childPlain))
            {
                continue;
            }

            var childPath = path.Length == 0 ? name : $"{path}/{name}";
            switch (node)
            {
                case JsonArray entries:
                    for (var i = 0; i < entries.Count; i++)
                    {
                        Visit(entries[i], $"{childPath}[{i + 1}]", childPlain, name, answers);
                    }

                    break;
                case JsonObject o when repeats.Contains(childPlain) && o["#text"] is null:
                    Visit(o, $"{childPath}[1]", childPlain, name, answers);
                    break;
                default:
                    Visit(node, childPath, childPlain, name, answers);
                    break;
            }
        }
    }

    private void Visit(JsonNode? node, string path, string plainPath, string name, List<SurveyAnswer> answers)
    {
        if (node is JsonObject o && o["#text"] is null)
        {
            Walk(o, path, plainPath, answers);
        }
        else if (AnswerInference.Infer(Scalar(node)) is { } value)
        {
            answers.Add(new SurveyAnswer(path, name, answers.Count + 1, value));
        }
    }

    // An answer is a string (CommCare), a number or boolean (other JSON producers), or an element with attributes ({"#text": …}).
    private static string? Scalar(JsonNode? node) => node switch
    {
        JsonObject o => Scalar(o["#text"]),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        },
        _ => null,
    };

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
