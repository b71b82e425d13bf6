using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Tests.Fakes;

namespace BridgePortal.Tests.Connectors.GitHub;

/// <summary>
/// A large GitHub <c>push</c> as GitHub sends it when commits carry long messages (squashed changelogs, generated
/// release notes): the documented push shape of <see cref="WebhookPayloads.GitHubPush"/>, each message made of
/// multi-line, partly non-ASCII text, so a payload of tens of MB is realistic in form, not only in size.
/// </summary>
public static class GitHubLargePush
{
    public static string Create(int commits, int messageBytes, string salt)
    {
        var push = JsonNode.Parse(WebhookPayloads.GitHubPush(commits, salt: salt))!;
        foreach (var commit in push["commits"]!.AsArray())
        {
            commit!["message"] = Message(commit["id"]!.GetValue<string>(), messageBytes);
        }

        var list = push["commits"]!.AsArray();
        push["head_commit"] = list[^1]!.DeepClone();
        return push.ToJsonString();
    }

    private static string Message(string sha, int bytes)
    {
        var text = new StringBuilder($"Release {sha[..7]}: squash of the sprint's work\n\n");
        for (var line = 0; text.Length < bytes; line++)
        {
            text.Append($"* {line:D6} Vérifier la vélocité de l'équipe — fix \"metrics\" for team ✓ {sha[(line % 30)..(line % 30 + 8)]}\n");
        }

        return text.ToString();
    }
}
