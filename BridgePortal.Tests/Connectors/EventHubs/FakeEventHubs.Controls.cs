namespace BridgePortal.Tests.Connectors.EventHubs;

// What a test does to the fake between sends: rotate the key, inject failures, wait for events, start over.
public sealed partial class FakeEventHubs
{
    /// <summary>Replaces <see cref="Key"/> with a new random key (tokens signed with the old one now fail) and returns it.</summary>
    public string RotateKey() => Key = NewKey();

    /// <summary>The next <paramref name="count"/> POSTs (that pass the SAS check) answer <paramref name="status"/> and store nothing.</summary>
    public void FailNext(int count, int status = 503, string? body = null)
    {
        lock (gate)
        {
            failCount = count;
            failStatus = status;
            failBody = body ?? (status == 503 ? ThrottledBody : $"<Error><Code>{status}</Code><Detail>Injected failure.</Detail></Error>");
        }
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> events have been accepted (default timeout 60 s: a deadline for
    /// a starved machine, where the full suite runs browsers next to these tests; a passing wait returns at once).
    /// </summary>
    public async Task WaitForEventsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            int have;
            lock (gate)
            {
                have = events.Count;
            }

            if (have >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the fake Event Hub received {have} event(s), the test waited for {count}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Forgets the events and resets the counters and any pending <see cref="FailNext"/>.</summary>
    public void Clear()
    {
        lock (gate)
        {
            events.Clear();
            failCount = 0;
            requestLog.Clear();
            Volatile.Write(ref requests, 0);
            Volatile.Write(ref rejected, 0);
            Volatile.Write(ref authFailures, 0);
            LastAuthFailure = null;
        }
    }
}
