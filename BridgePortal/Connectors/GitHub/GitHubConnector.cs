using BridgePortal.Connectors.Abstractions;
namespace BridgePortal.Connectors.GitHub;

public sealed class GitHubConnector : IConnector
{
    /// <summary>The GitHub connector: connection kind (token, test) and the back-fill of GitHub webhook bridges through the REST API.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new BridgePanel(typeof(GitHubBackfillPanel), GitHubBackfillService.Applies));
        builder.Services.AddHttpClient(GitHubClientFactory.ClientName, c => c.Timeout = TimeSpan.FromSeconds(100));
        builder.Services.AddSingleton<GitHubClientFactory>();
        builder.Services.AddSingleton<IConnectionKind, GitHubConnectionKind>();
        builder.Services.AddSingleton<GitHubBackfillCancellations>();
        builder.Services.AddTransient<GitHubBackfillJob>();
        builder.Services.AddScoped<GitHubBackfillService>();
        builder.Services.AddSingleton(GitHubWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, GitHubWebhookReceiver>();
    }
}
