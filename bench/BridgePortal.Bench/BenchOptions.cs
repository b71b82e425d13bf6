using System.Globalization;

namespace BridgePortal.Bench;

/// <summary>Command-line parameters. Closed loop (<c>--concurrency</c>) unless <c>--rate</c> asks for a fixed arrival rate.</summary>
public sealed record BenchOptions
{
    public int Concurrency { get; init; } = 64;

    public double DurationSeconds { get; init; } = 20;

    /// <summary>Requests per second in open-loop mode; 0 means closed loop at <see cref="Concurrency"/>.</summary>
    public double Rate { get; init; }

    public int MaxRequests { get; init; } = 200_000;

    public double WarmupSeconds { get; init; } = 10;

    public double DrainTimeoutSeconds { get; init; } = 45;

    public int PayloadBytes { get; init; } = 200;

    /// <summary>The Http sink's "Parallel requests" setting (null: the app's default, 1 = strict order).</summary>
    public int? SinkParallelism { get; init; }

    public string? OutputDirectory { get; init; }

    /// <summary>"postgres" (a throwaway server) or "sqlite" (the embedded default).</summary>
    public string Storage { get; init; } = "postgres";

    /// <summary>Ingest scenario: "bench" (the in-process driver) or "wrk" (Debian's wrk as an external process).</summary>
    public string Client { get; init; } = "bench";

    /// <summary>"ingest" (the ingest API → Http sink), "kobo" (a Kobo backlog → Event Hubs) or "github" (signed push webhooks → PostgreSQL documents).</summary>
    public string Scenario { get; init; } = "ingest";

    /// <summary>Kobo scenario: submissions in the backlog.</summary>
    public int Submissions { get; init; } = 100_000;

    /// <summary>Backlog scenario: records waiting on the stopped bridge before it starts.</summary>
    public int Backlog { get; init; } = 100_000;

    /// <summary>Kobo scenario: the source's page size.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Kobo and GitHub scenarios: records the engine claims per dispatch batch (<c>Engine:BatchSize</c>; null = the scenario's default).</summary>
    public int? EngineBatch { get; init; }

    public string Mode => Scenario switch
    {
        "kobo" => "kobo",
        "backlog" => "backlog",
        "github" => Rate > 0 ? "github-rate" : "github-concurrency",
        _ when Client == "wrk" => "wrk",
        _ => Rate > 0 ? "rate" : "concurrency",
    };

    public const string Usage = """
        BridgePortal.Bench: load + latency of POST /api/ingest/{key} → Http sink, on a throwaway PostgreSQL.

          --concurrency N     parallel connections / in-flight requests (default 64)
          --duration S        seconds of measured load (default 20)
          --rate R            open loop: R requests/s (in flight capped by --concurrency); default closed loop
          --max-requests N    hard cap on measured requests (default 200000)
          --warmup S          seconds of unmeasured warm-up load first (default 10, so that tiered JIT has
                              settled; 0 = none)
          --drain-timeout S   how long to wait for the sink to receive everything after the load (default 45)
          --payload-bytes N   approximate JSON body size (default 200)
          --sink-parallelism N  the Http sink's parallel requests (default: the app's, 1 = strict order)
          --output DIR        where the JSON result goes (default bench/results in the repository)
          --storage S         postgres (default: a throwaway server) or sqlite (the embedded default)
          --client wrk        drive the ingest API with Debian's wrk (an external process, 2 threads, --concurrency
                              connections, closed loop) instead of the in-process client

          --scenario kobo     instead: a backlog of Kobo submissions (fake Kobo) polled and sent to a fake Event Hub
            --submissions N   backlog size (default 100000)
            --page-size N     the Kobo source's page size (default 1000)
            --engine-batch N  records claimed per dispatch batch, Engine:BatchSize (default 1000)

          --scenario backlog  instead: a stopped Ingest → Http bridge holding a backlog is started; reports the
                              drain time and records/s (--backlog N, default 100000; --sink-parallelism)

          --scenario github   instead: signed GitHub push webhooks (5 commits each) → POST /hooks/{key} → a
                              PostgreSQL document table; uses --concurrency, --duration, --rate, --warmup,
                              --drain-timeout, --max-requests; --engine-batch (default: the app's)

        BRIDGEPORTAL_BENCH_PG=<admin connection string> uses that server instead of starting one.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--concurrency" => options with { Concurrency = (int)Number() },
                "--duration" => options with { DurationSeconds = Number() },
                "--rate" => options with { Rate = Number() },
                "--max-requests" => options with { MaxRequests = (int)Number() },
                "--warmup" => options with { WarmupSeconds = Number() },
                "--drain-timeout" => options with { DrainTimeoutSeconds = Number() },
                "--payload-bytes" => options with { PayloadBytes = (int)Number() },
                "--sink-parallelism" => options with { SinkParallelism = (int)Number() },
                "--output" => options with { OutputDirectory = Value() },
                "--storage" => options with { Storage = Value() },
                "--client" => options with { Client = Value() },
                "--scenario" => options with { Scenario = Value() },
                "--submissions" => options with { Submissions = (int)Number() },
                "--backlog" => options with { Backlog = (int)Number() },
                "--page-size" => options with { PageSize = (int)Number() },
                "--engine-batch" => options with { EngineBatch = (int)Number() },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }

        if (options.Concurrency is < 1 or > 4096 || options.DurationSeconds is <= 0 or > 600 || options.Rate < 0
            || options.MaxRequests < 1 || options.WarmupSeconds is < 0 or > 60 || options.DrainTimeoutSeconds is < 0 or > 600
            || options.PayloadBytes is < 16 or > 1_000_000 || options.Scenario is not ("ingest" or "kobo" or "github" or "backlog") || options.Storage is not ("postgres" or "sqlite") || options.Client is not ("bench" or "wrk")
            || options.Submissions is < 1 or > 5_000_000 || options.PageSize is < 1 or > 30_000 || options.EngineBatch is < 1 or > 5000)
        {
            throw new ArgumentException("a parameter is out of range");
        }

        return options;
    }
}
