using System.Net;
using System.Text.RegularExpressions;
using BridgePortal.Data;
using BridgePortal.Identity;
using BridgePortal.Engine.Jobs;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Deployment;

/// <summary>No Docker engine runs here, so the compose file is checked for what can be checked: its keys are real.</summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Compose = File.ReadAllText(RepositoryRoot.File("docker-compose.yml"));

    [Fact]
    public void Every_portal_setting_in_compose_is_a_configuration_key_the_app_reads()
    {
        var known = KnownKeys();
        var keys = PortalEnvironment().Keys.Where(k => k.Contains("__")).ToList();

        Assert.Contains("Storage__Provider", keys);
        Assert.Contains("ConnectionStrings__Postgres", keys);
        Assert.Contains("Bootstrap__AdminEmail", keys);
        Assert.All(keys, key => Assert.Contains(key.Replace("__", ":"), known));
    }

    [Fact]
    public void Compose_runs_postgres_16_with_a_named_volume_and_builds_the_portal_from_its_dockerfile()
    {
        Assert.Contains("image: postgres:16", Compose);
        Assert.Matches(@"(?m)^volumes:\s*\n\s+pgdata:", Compose);
        Assert.Contains("dockerfile: BridgePortal/Dockerfile", Compose);
        Assert.Contains("/health/ready", Compose);
        Assert.Contains("condition: service_healthy", Compose);

        var dockerfile = File.ReadAllText(RepositoryRoot.File("BridgePortal", "Dockerfile"));
        Assert.Equal(2, Regex.Matches(dockerfile, @"(?m)^FROM ").Count);
        Assert.Contains("COPY Migrations/ Migrations/", dockerfile);
        Assert.Contains("Directory.Packages.props", dockerfile);
    }

    [SkippableFact]
    public async Task The_portal_starts_on_postgres_with_exactly_the_compose_environment()
    {
        var settings = PortalEnvironment()
            .Where(kv => kv.Key.Contains("__"))
            .ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        settings["Bootstrap:AdminEmail"] = "compose-admin@example.org";
        settings["Bootstrap:AdminPassword"] = TestUsers.Password;
        var fresh = await PortalHost.SettingsForAsync(StorageKind.Postgres);
        settings["ConnectionStrings:Postgres"] = fresh["ConnectionStrings:Postgres"]; // the compose host name 'postgres' does not resolve here

        await using var host = await PortalHost.StartAsync(StorageKind.Postgres, settings);
        using var client = host.CreatePortalClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("compose-admin@example.org", TestUsers.Password)).StatusCode);
    }

    private static Dictionary<string, string> PortalEnvironment()
    {
        var portal = Compose[Compose.IndexOf("\n  portal:", StringComparison.Ordinal)..];
        var environment = portal[(portal.IndexOf("environment:", StringComparison.Ordinal) + "environment:".Length)..];
        var result = new Dictionary<string, string>();
        foreach (var line in environment.Split('\n').Skip(1))
        {
            var match = EnvironmentLine().Match(line);
            if (!match.Success)
            {
                break;
            }

            result[match.Groups[1].Value] = match.Groups[2].Value.Trim().Trim('"');
        }

        return result;
    }

    private static HashSet<string> KnownKeys()
    {
        static IEnumerable<string> Section(string section, Type options) =>
            options.GetProperties().Select(p => $"{section}:{p.Name}");
        return
        [
            .. Section(StorageOptions.SectionName, typeof(StorageOptions)),
            .. Section(HangfireOptions.SectionName, typeof(HangfireOptions)),
            .. Section(BootstrapOptions.SectionName, typeof(BootstrapOptions)),
            StorageOptions.PostgresConnectionStringKey,
        ];
    }

    [GeneratedRegex(@"^      ([A-Za-z_]+): (.*)$")]
    private static partial Regex EnvironmentLine();
}
