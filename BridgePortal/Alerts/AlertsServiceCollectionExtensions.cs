using BridgePortal.Alerts.Channels;
using BridgePortal.Alerts.Conditions;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Alert rule kinds, channels (SMTP e-mail, webhook), the evaluator and its every-minute job.</summary>
    public static WebApplicationBuilder AddBridgeAlerts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IAlertCondition, RecordsFailedCondition>();
        services.AddSingleton<IAlertCondition, QueueOlderThanCondition>();
        services.AddSingleton<IAlertCondition, PollFailingCondition>();
        services.AddSingleton<IAlertCondition, ConnectionTestFailingCondition>();
        services.AddSingleton<IAlertCondition, BridgePausedCondition>();
        services.AddSingleton<IAlertSender, EmailAlertSender>();
        services.AddSingleton<IAlertSender, WebhookAlertSender>();
        services.AddHttpClient(WebhookAlertSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddScoped<AlertNotifier>();
        services.AddScoped<AlertEvaluator>();
        services.AddScoped<AlertService>();
        services.AddTransient<AlertEvaluationJob>();
        services.AddSingleton<IRecurringJobs, AlertRecurringJobs>();
        return builder;
    }
}
