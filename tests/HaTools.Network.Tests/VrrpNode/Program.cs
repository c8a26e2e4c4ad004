using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using HaTools.Core;
using HaTools.Core.Linux.Sockets;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Scripts;
using HaTools.Core.Vrrp;
using HaTools.VrrpNode;

// Output lines start with the Unix time in ms so the lab can put them on its timeline.
static void Say(string kind, string text) => Console.WriteLine($"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {kind} {text}");

// HATOOLS_VRRP_TRACE=1: "TRACE <event> <unix µs>" lines along the takeover path, for bench/VrrpTakeoverBench.
bool tracing = Environment.GetEnvironmentVariable("HATOOLS_VRRP_TRACE") == "1";
void Trace(string what)
{
    if (tracing)
    {
        long us = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        Console.WriteLine($"{us / 1000} TRACE {what} {us}");
    }
}

if (args.Length >= 1 && args[0] == "errno-probe")
{
    // The first failing syscalls of a fresh process: the errno we report must be the one strace shows.
    try
    {
        InterfaceQuery.Get("htnosuch0");
    }
    catch (HaToolsException ex)
    {
        Say("PROBE", $"ioctl {ex.ErrorId} {ex.Kind} {ex.Message}");
    }

    VrrpSocketV4 socket;
    try
    {
        socket = VrrpSocketV4.Open(InterfaceQuery.Get("lo"), null, joinMulticast: false);
    }
    catch (HaToolsException ex)
    {
        Say("PROBE", $"socket {ex.ErrorId} {ex.Kind} {ex.Message}");
        return 0;
    }

    using (socket)
    {
        try
        {
            socket.SetOption(0, 9999, 1, "probe option 9999");
        }
        catch (HaToolsException ex)
        {
            Say("PROBE", $"setsockopt {ex.ErrorId} {ex.Kind} {ex.Message}");
        }
    }

    return 0;
}

if (args.Length < 2 || args[0] != "run")
{
    Console.Error.WriteLine("usage: HaTools.VrrpNode run <config.json> | errno-probe");
    return 2;
}

var config = NodeConfig.Load(args[1]);
using var announcer = new LinuxAnnouncer(config.Namespace);
using var vips = new RtnetlinkVipManager(config.Namespace);
var settings = config.Instances.Select(i => i.ToSettings()).ToArray();
using var links = LinkTracker.For(settings, config.Namespace);
var options = new VrrpEventLoopOptions
{
    Instances = settings,
    Transport = tracing ? new TracingTransport(new LinuxVrrpTransport(config.Namespace), Trace) : new LinuxVrrpTransport(config.Namespace),
    VipManager = tracing ? new TracingVipManager(vips, Trace) : vips,
    Announcer = announcer,
    NotifyRunner = new IgnoreNotify(),
    Trackers = TrackersFor(config, links),
};

using var loop = new VrrpEventLoop(options);
loop.LogWritten += e => Say("LOG", e.Message);
loop.TransitionOccurred += t =>
{
    Trace("state-" + t.To);
    Say("STATE", $"{t.Instance} {t.From} {t.To} {t.Reason}");
};
using var cts = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    Trace("sigterm-handler");
    c.Cancel = true;
    cts.Cancel();
});
using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
{
    c.Cancel = true;
    cts.Cancel();
});

// stdin commands: "status" prints one STATUS line of JSON per instance.
_ = Task.Run(() =>
{
    string? line;
    while ((line = Console.In.ReadLine()) is not null)
    {
        if (line.Trim() == "status")
        {
            foreach (var s in loop.GetStatus())
            {
                var dto = new
                {
                    s.Name,
                    State = s.State.ToString(),
                    s.EffectivePriority,
                    MasterAddress = s.MasterAddress?.ToString(),
                    s.AdvertisementsSent,
                    s.AdvertisementsReceived,
                    Errors = s.Errors.ToDictionary().ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                };
                Say("STATUS", JsonSerializer.Serialize(dto));
            }
        }
    }
});

Say("READY", string.Join(",", loop.InstanceNames));
try
{
    await loop.RunAsync(cts.Token);
}
catch (HaToolsException ex)
{
    Say("ERROR", $"{ex.ErrorId}: {ex.Message}");
    return 1;
}

Say("STOPPED", "clean");
return 0;

// Track scripts run as the job runs them (ScriptTracker: timeout kill, rise/fall); failures are logged like keepalived's.
static ITracker[] TrackersFor(NodeConfig config, ITracker links)
{
    var scripts = config.Instances.SelectMany(i => i.TrackScripts).DistinctBy(s => s.Name).Select(s => s.ToDefinition()).ToArray();
    if (scripts.Length == 0)
    {
        return new[] { links };
    }

    return new ITracker[] { links, new ScriptTracker(scripts, onFailure: r => Say("SCRIPT", $"{r.Command.Path} {r.Outcome} {r.FailureMessage}")) };
}

/// <summary>"TRACE vip-added" once the kernel has the address (rtnetlink acked).</summary>
internal sealed class TracingVipManager(IVipManager inner, Action<string> trace) : IVipManager
{
    public void Add(VrrpVirtualAddress address, string defaultInterface)
    {
        inner.Add(address, defaultInterface);
        trace("vip-added");
    }

    public void Remove(VrrpVirtualAddress address, string defaultInterface)
    {
        inner.Remove(address, defaultInterface);
        trace("vip-removed");
    }
}

internal sealed class IgnoreNotify : INotifyRunner
{
    public void Run(VrrpNotification notification)
    {
    }
}
