using System.Text.Json;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>One message as maildev's REST API returns it.</summary>
public sealed record CaughtMail(string Subject, string Text, IReadOnlyList<string> To);

/// <summary>
/// maildev (npm) on free loopback ports: a real SMTP server that requires a login, and its REST API
/// (<c>GET /api/email</c>) to read the caught messages back.
/// </summary>
public sealed class MaildevServer(ExternalTool tool, Uri api) : IAsyncDisposable
{
    public const string User = "alerts";
    public const string Password = "smtp-pass-42";

    public int SmtpPort { get; private init; }

    public static async Task<MaildevServer> StartAsync()
    {
        var binary = ExternalTool.Require("maildev", "install it with 'npm install -g maildev'", "/usr/bin/maildev", "/usr/local/bin/maildev");
        for (var attempt = 1; ; attempt++)
        {
            var smtp = ExternalTool.FreePort();
            var web = ExternalTool.FreePort();
            var tool = await ExternalTool.StartAsync(binary, _ => Task.FromResult(
                $"--smtp {smtp} --web {web} --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory mail --incoming-user {User} --incoming-pass {Password}"));
            var api = new Uri($"http://127.0.0.1:{web}/api/");
            try
            {
                await tool.WaitUntilReadyAsync(new Uri(api, "healthz"), TimeSpan.FromSeconds(60));
                return new MaildevServer(tool, api) { SmtpPort = smtp };
            }
            catch (Exception e) when (attempt < 3 && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // A free port can be taken by a parallel test before maildev binds it: try two fresh ones.
                await tool.DisposeAsync();
            }
        }
    }

    public async Task<List<CaughtMail>> MessagesAsync()
    {
        using var client = new HttpClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(api, "email")));
        return [.. doc.RootElement.EnumerateArray().Select(m => new CaughtMail(
            m.GetProperty("subject").GetString() ?? "",
            m.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
            [.. m.GetProperty("envelope").GetProperty("to").EnumerateArray().Select(a => a.GetProperty("address").GetString() ?? "")]))];
    }

    public ValueTask DisposeAsync() => tool.DisposeAsync();
}
