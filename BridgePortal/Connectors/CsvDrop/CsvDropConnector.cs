using BridgePortal.Connectors.Abstractions;
using BridgePortal.Engine.Jobs;

namespace BridgePortal.Connectors.CsvDrop;

public sealed class CsvDropConnector : IConnector
{
    public static readonly SourceKind Source = new(
        CsvDropSource.SourceKind,
        "CSV drop folder (duty-status files)",
        null,
        [
            new(CsvDropSettings.Folder, "Drop folder", Help: "Folder under the CSV drop root; default: one named after the bridge's key"),
            PollSettings.IntervalField,
            new(CsvDropSettings.FilePattern, "File pattern", Help: $"Default {CsvDropSettings.DefaultPattern}"),
            new(CsvDropSettings.EmployeeIdColumn, "Employee id column", Help: $"Default {CsvDropSettings.DefaultEmployeeIdColumn}"),
            new(CsvDropSettings.StatusColumn, "Status column", Help: $"Default {CsvDropSettings.DefaultStatusColumn}"),
            new(CsvDropSettings.TimestampColumn, "Timestamp column", Help: $"Default {CsvDropSettings.DefaultTimestampColumn}"),
            new(CsvDropSettings.TimestampFormats, "Timestamp formats", Help: $"';'-separated .NET formats; default {CsvDropSettings.DefaultTimestampFormats}"),
            new(CsvDropSettings.Culture, "Culture", Help: "Culture of the files (default en-GB)"),
            new(CsvDropSettings.Delimiter, "Delimiter", Help: "Default ,"),
            new(CsvDropSettings.OnValues, "On-duty status values", Help: $"Default {CsvDropSettings.DefaultOnValues}"),
            new(CsvDropSettings.OffValues, "Off-duty status values", Help: $"Default {CsvDropSettings.DefaultOffValues}"),
            new(CsvDropSettings.SettleSeconds, "Settle time (seconds)", Help: $"A file is complete once unchanged this long and not locked (default {CsvDropSettings.DefaultSettleSeconds})"),
        ]);

    /// <summary>The CSV drop-folder source: folder collection, CsvHelper parsing, batches confirmed before files move, a folder watcher that polls as soon as a file lands.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new BridgePanel(typeof(CsvDropPanel), b => b.SourceKind == CsvDropSource.SourceKind));
        builder.Services.AddOptions<CsvDropOptions>().BindConfiguration(CsvDropOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CsvDropFolder>();
        builder.Services.AddSingleton(Source);
        builder.Services.AddSingleton<CsvDropLogWriter>();
        builder.Services.AddSingleton<CsvDropSettlement>();
        builder.Services.AddSingleton<CsvDropSource>();
        builder.Services.AddSingleton<IPollingSource>(SettlingSourcePoller.For<CsvDropSource>);
        builder.Services.AddScoped<CsvDropService>();
        builder.Services.AddSingleton<CsvDropWatcher>();
        builder.Services.AddHostedService(s => s.GetRequiredService<CsvDropWatcher>());
    }
}
