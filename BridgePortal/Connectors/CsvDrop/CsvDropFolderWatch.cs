namespace BridgePortal.Connectors.CsvDrop;

/// <summary>One bridge's watcher with its debounce timer; a poll at a time, follow-ups bounded.</summary>
internal sealed class CsvDropFolderWatch : IDisposable
{
    private static readonly TimeSpan FollowUp = TimeSpan.FromSeconds(2);

    private readonly CsvDropWatcher owner;
    private readonly Guid bridgeId;
    private readonly FileSystemWatcher watcher;
    private readonly ITimer timer;
    private readonly SemaphoreSlim running = new(1, 1);
    private int followUps;
    private volatile bool disposed;

    public CsvDropFolderWatch(CsvDropWatcher owner, Guid bridgeId, string folder, string pattern, TimeSpan settle)
    {
        (this.owner, this.bridgeId, Folder, Pattern, Settle) = (owner, bridgeId, folder, pattern, settle);
        timer = owner.Clock.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        watcher = new FileSystemWatcher(folder, pattern) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Created += OnFile;
        watcher.Changed += OnFile;
        watcher.Renamed += OnFile;
        watcher.Error += (_, e) =>
        {
            owner.Logger.LogWarning(e.GetException(), "The watcher of CSV bridge {BridgeId} lost events; polling now", bridgeId);
            Wake(TimeSpan.Zero);
        };
        watcher.EnableRaisingEvents = true;
    }

    public string Folder { get; }

    public string Pattern { get; }

    public TimeSpan Settle { get; }

    private void OnFile(object sender, FileSystemEventArgs e)
    {
        if (!Path.GetFileName(e.FullPath).StartsWith('.'))
        {
            Interlocked.Exchange(ref followUps, 0);
            Wake(Settle + TimeSpan.FromMilliseconds(500)); // every event restarts the wait: one poll once the folder is quiet
        }
    }

    private void Wake(TimeSpan after)
    {
        if (!disposed)
        {
            timer.Change(after, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RunAsync()
    {
        if (disposed || !await running.WaitAsync(0))
        {
            Wake(FollowUp); // a poll of ours is running: look again after it
            return;
        }

        try
        {
            if (await owner.PollAsync(bridgeId) && Interlocked.Increment(ref followUps) <= CsvDropWatcher.MaxFollowUps)
            {
                Wake(FollowUp);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !owner.Stopping.IsCancellationRequested)
        {
            owner.Logger.LogWarning(e, "A watcher-triggered poll of CSV bridge {BridgeId} failed; the scheduled poll will retry", bridgeId);
        }
        finally
        {
            running.Release();
        }
    }

    public void Dispose()
    {
        disposed = true;
        watcher.EnableRaisingEvents = false;
        watcher.Dispose();
        timer.Dispose();
    }
}
