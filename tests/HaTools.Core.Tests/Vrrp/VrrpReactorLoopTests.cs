using HaTools.Core.Vrrp;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// The event loop on a reactor transport (what the Linux transport gives it): one dedicated thread that waits for
/// datagrams, posts and the next deadline in one call. Virtual time: the fake reactor advances a ManualClock by the
/// timeout the loop asks for, so the RFC timing rules are checked exactly and nothing here is timed.
/// </summary>
public sealed class VrrpReactorLoopTests : IDisposable
{
    private static readonly VrrpIpAddress Self = VrrpIpAddress.Parse("10.0.0.2");
    private static readonly VrrpIpAddress Peer = VrrpIpAddress.Parse("10.0.0.1");
    private readonly ManualClock _clock = new();
    private readonly FakeReactorTransport _transport;
    private readonly List<(VrrpTransition Transition, int Thread, TimeSpan At)> _transitions = [];
    private VrrpEventLoop? _loop;
    private Task? _run;

    public VrrpReactorLoopTests() => _transport = new FakeReactorTransport(_clock, Self);

    [Fact]
    public void Loop_runs_on_its_own_thread_when_the_transport_has_a_reactor()
    {
        Start(V3(100, TimeSpan.FromSeconds(1)));
        _transport.RunUntil(TimeSpan.FromSeconds(5));

        Assert.True(_loop!.UsesReactor);
        int loopThread = Assert.Single(_transport.WaitThreads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, loopThread);
        // Initialize → Backup happens in RunAsync's synchronous start; everything after it on the loop thread.
        Assert.Equal(loopThread, _transitions.Single(t => t.Transition.To == VrrpState.Master).Thread);
    }

    [Fact]
    public void Backup_becomes_master_exactly_at_master_down_interval_from_the_reactor_deadline()
    {
        // RFC 5798 §6.4.2: Master_Down_Interval = 3 × 1 s + (256 − 100) / 256 s = 3.609375 s with no advert heard.
        Start(V3(100, TimeSpan.FromSeconds(1)));
        _transport.RunUntil(TimeSpan.FromSeconds(3.6));
        Assert.Equal(VrrpState.Backup, Status().State);

        _transport.RunUntil(TimeSpan.FromSeconds(5));

        Assert.Equal(VrrpState.Master, Status().State);
        var toMaster = _transitions.Single(t => t.Transition.To == VrrpState.Master);
        Assert.Equal(TimeSpan.FromTicks(36_093_750), toMaster.At);
        Assert.Contains(_transport.Channel!.Sent, s => s.At == toMaster.At && s.Parse().Priority == 100);
    }

    [Fact]
    public void Datagram_from_the_reactor_is_handled_at_once_and_priority_zero_takes_over_after_skew_time()
    {
        // RFC 5798 §6.4.2: a priority-0 advert sets the Master_Down_Timer to Skew_Time (0.609375 s at priority 100).
        Start(V3(100, TimeSpan.FromSeconds(1)));
        _transport.RunUntil(TimeSpan.FromSeconds(1));
        _transport.Inject(Advert(priority: 0), Info());
        _transport.RunUntil(TimeSpan.FromSeconds(1.6));
        Assert.Equal(VrrpState.Backup, Status().State);
        Assert.Equal(1, Status().PriorityZeroReceived);

        _transport.RunUntil(TimeSpan.FromSeconds(2));

        Assert.Equal(VrrpState.Master, Status().State);
        Assert.Equal(TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(6_093_750), _transitions.Single(t => t.Transition.To == VrrpState.Master).At);
    }

    [Fact]
    public void Adverts_from_a_live_master_keep_the_backup_down_on_the_reactor()
    {
        Start(V3(100, TimeSpan.FromSeconds(1)));
        for (int s = 1; s <= 10; s++)
        {
            _transport.Inject(Advert(priority: 150), Info());
            _transport.RunUntil(TimeSpan.FromSeconds(s));
        }

        Assert.Equal(VrrpState.Backup, Status().State);
        Assert.Equal(10, Status().AdvertisementsReceived);
        Assert.Equal(Peer.ToIPAddress(), Status().MasterAddress);
    }

    [Fact]
    public async Task Shutdown_from_another_thread_wakes_the_loop_and_the_priority_zero_advert_goes_out_first()
    {
        Start(V3(150, TimeSpan.FromSeconds(1)) with { InitialState = VrrpState.Master });
        _transport.RunUntil(TimeSpan.FromSeconds(3));
        Assert.Equal(VrrpState.Master, Status().State);
        int sentBefore = _transport.Channel!.Sent.Count;
        int wakesBefore = Volatile.Read(ref _transport.Created!.Wakes);
        _loop!.RequestShutdown();
        Task set = _loop.SetPriorityAsync("VI_1", 140);

        await _run!.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(_transport.Created.Wakes > wakesBefore);
        SentAdvert first = _transport.Channel.Sent[sentBefore];
        Assert.Equal(0, first.Parse().Priority);
        Assert.Equal(TimeSpan.FromSeconds(3), first.At);
        Assert.True(_transport.Channel.Disposed);
        Assert.True(_transport.Created.Disposed);
        // Queued behind the shutdown, the priority change is refused rather than applied after the goodbye.
        await Assert.ThrowsAsync<HaToolsException>(() => set.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(VrrpState.Stop, Status().State);
    }

    [Fact]
    public void Master_sending_on_the_reactor_allocates_nothing()
    {
        // Issue 3 (Performance): zero managed allocations per advert sent, counted on the loop thread itself.
        Start(V3(150, TimeSpan.FromSeconds(1)) with { InitialState = VrrpState.Master });
        _transport.RunUntil(TimeSpan.FromSeconds(10));
        long sentBefore = Status().AdvertisementsSent;
        _transport.Host.RecordSends = false;
        _transport.StartCounting();

        _transport.RunUntil(TimeSpan.FromSeconds(1010));

        Assert.Equal(sentBefore + 1000, Status().AdvertisementsSent);
        Assert.Equal(VrrpState.Master, Status().State);
        Assert.Equal(0, _transport.LoopThreadAllocated);
    }

    [Fact]
    public void Backup_receiving_on_the_reactor_allocates_nothing()
    {
        // Issue 3 (Performance): zero managed allocations per advert received; the datagram is read in place.
        Start(V3(100, TimeSpan.FromSeconds(1)));
        _transport.Echo = Advert(priority: 150);
        _transport.EchoInfo = Info();
        _transport.RunUntil(TimeSpan.FromSeconds(10));
        long receivedBefore = Status().AdvertisementsReceived;
        _transport.StartCounting();

        _transport.RunUntil(TimeSpan.FromSeconds(1010));

        Assert.Equal(VrrpState.Backup, Status().State);
        Assert.Equal(0, Status().Errors.Total);
        Assert.True(Status().AdvertisementsReceived - receivedBefore >= 1000);
        Assert.Equal(0, _transport.LoopThreadAllocated);
    }

    [Fact]
    public void Warmup_compiles_the_vrrp_and_linux_edge_code_ahead_of_use()
    {
        // The shutdown path must not be JIT-compiled at SIGTERM time; the warm-up prepares it (and the rest) up front.
        int prepared = VrrpEventLoopWarmup.PrepareAll();

        Assert.True(prepared > 200, $"only {prepared} methods prepared");
    }

    [Fact]
    public void Background_priority_lowers_only_the_calling_thread_to_nice_19()
    {
        int? mine = HaTools.Core.Linux.Vrrp.BackgroundPriority.CurrentThreadNice();
        (bool Lowered, int? Nice) other = default;
        var thread = new Thread(() => other = (HaTools.Core.Linux.Vrrp.BackgroundPriority.TryLowerCurrentThread(), HaTools.Core.Linux.Vrrp.BackgroundPriority.CurrentThreadNice()));
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)));

        Assert.True(other.Lowered);
        Assert.Equal(19, other.Nice);
        Assert.NotNull(mine);
        Assert.Equal(mine, HaTools.Core.Linux.Vrrp.BackgroundPriority.CurrentThreadNice());
    }

    public void Dispose()
    {
        if (_loop is not null && _run is not null && !_run.IsCompleted)
        {
            _loop.RequestShutdown();
            _run.Wait(TimeSpan.FromSeconds(20));
        }
    }

    private void Start(VrrpInstanceSettings settings)
    {
        _loop = new VrrpEventLoop(new VrrpEventLoopOptions
        {
            Instances = [settings],
            Transport = _transport,
            VipManager = new FakeVipManager(),
            Announcer = new FakeAnnouncer(),
            NotifyRunner = new FakeNotifyRunner(),
            TimeProvider = _clock,
        });
        long origin = _clock.GetTimestamp();
        _loop.TransitionOccurred += t => _transitions.Add((t, Environment.CurrentManagedThreadId, _clock.GetElapsedTime(origin)));
        _run = _loop.RunAsync();
        Assert.False(_run.IsFaulted, _run.Exception?.ToString());
    }

    private VrrpInstanceStatus Status() => _loop!.GetStatus("VI_1")!;

    private static byte[] Advert(int priority)
    {
        var packet = new VrrpPacket(3, 51, (byte)priority, 100, [VrrpIpAddress.Parse("10.0.0.100")]);
        var buffer = new byte[256];
        Assert.True(VrrpPacketWriter.TryWrite(packet, Peer, VrrpPacket.MulticastGroupIPv4, VrrpChecksumKind.PseudoHeader, buffer, out int length));
        return buffer[..length];
    }

    private static VrrpReceiveInfo Info() => new(Peer, VrrpPacket.MulticastGroupIPv4, 255, 1);
}
