using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

public sealed class PostgreSqlConnector : IConnector
{
    /// <summary>
    /// The PostgreSQL connector: a target database, the document sink (webhook documents, with its notification
    /// source) and the CommCare survey sink (answers as typed rows).
    /// </summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConnectionKind, PostgreSqlConnectionKind>();
        builder.Services.AddSingleton(DocumentNotifications.Source);
        builder.Services.AddSingleton<DocumentNotifications>();
        builder.Services.AddSingleton<ISink, PostgreSqlDocumentSink>();
        builder.Services.AddSingleton<ISink, PostgreSqlSurveySink>();
    }
}
