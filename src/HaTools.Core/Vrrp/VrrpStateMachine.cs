using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>
/// The VRRP protocol of one instance (RFC 3768 §6.4 / RFC 5798 §6.4, keepalived 2.2 behaviour) as a pure machine:
/// each event takes <c>now</c> (monotonic time) and appends actions; nothing here reads a clock or does I/O.
/// Timers are deadlines the driver reads from <see cref="NextDeadline"/> and answers with <see cref="TimerFired"/>.
/// </summary>
public sealed class VrrpStateMachine
{
    private readonly Dictionary<string, TrackState> _tracks = new(StringComparer.Ordinal);
    private readonly byte[] _authData;
    private readonly VrrpIpAddress[] _vips;
    private readonly VrrpIpAddress[] _peers;
    private string? _syncFaultReason;
    private bool _ownInterfaceDown;
    private TimeSpan? _preemptUntil;
    private bool _waitingSilently;
    private bool _syncFaultAwaiting;

    public VrrpStateMachine(VrrpInstanceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        BasePriority = settings.Priority;
        AdvertisementInterval = settings.AdvertisementInterval;
        MasterAdvertisementInterval = settings.AdvertisementInterval;
        _authData = settings.GetAuthData();
        _vips = settings.VirtualIPAddresses.Select(v => VrrpIpAddress.FromIPAddress(v.Address)).ToArray();
        _peers = settings.UnicastPeers.Select(VrrpIpAddress.FromIPAddress).ToArray();
        // keepalived clears nopreempt and preempt_delay for an initial MASTER and nopreempt for the owner.
        NoPreempt = settings.NoPreempt && settings.InitialState != VrrpState.Master && settings.Priority != 255;
        PreemptDelay = settings.InitialState == VrrpState.Master || NoPreempt ? TimeSpan.Zero : settings.PreemptDelay;
        foreach (VrrpTrack track in settings.Tracks)
        {
            // Links, files and processes are known at start (the loop applies their first reports before Start);
            // a script is unknown until its first run ends, and keepalived waits for that result.
            _tracks[Key(track.Kind, track.Name)] = new TrackState(track) { Up = true, Reported = track.Kind != VrrpTrackKind.Script };
        }

        EffectivePriority = ComputeEffectivePriority();
        UsesOldUnicastChecksum = settings.OldUnicastChecksum == VrrpOldUnicastChecksum.Always && AppliesOldUnicastChecksum;
    }

    public VrrpInstanceSettings Settings { get; }

    /// <summary>
    /// True once this v3 IPv4 unicast instance sends and expects keepalived's old unicast checksum: configured
    /// (old_unicast_checksum) or learnt from a peer's advert, after which keepalived never switches back.
    /// </summary>
    public bool UsesOldUnicastChecksum { get; private set; }

    /// <summary>The checksum rule our adverts use (v3 over IPv4; the writer ignores it elsewhere).</summary>
    public VrrpChecksumKind SendChecksumKind =>
        Settings.V3ChecksumAsV2 ? VrrpChecksumKind.MessageOnly
        : UsesOldUnicastChecksum ? VrrpChecksumKind.OldUnicastPseudoHeader
        : VrrpChecksumKind.PseudoHeader;

    private bool AppliesOldUnicastChecksum => Settings.Version == 3 && Settings.IsUnicast && Settings.Family == AddressFamily.InterNetwork;

    public string Name => Settings.Name;

    public VrrpState State { get; private set; } = VrrpState.Initialize;

    public int BasePriority { get; private set; }

    /// <summary>Base priority plus track weights, clamped 1..254; 255 for the address owner.</summary>
    public int EffectivePriority { get; private set; }

    public bool NoPreempt { get; }

    public TimeSpan PreemptDelay { get; }

    /// <summary>
    /// keepalived's wantstate MASTER: our down timer expired but a sync group held us back. Cleared when we
    /// accept a master's advert or become master.
    /// </summary>
    public bool WantsMaster { get; private set; }

    /// <summary>
    /// Sync group consent, set by the driver: may this instance become master now? keepalived lets a member go only
    /// when every other member wants to as well, "to avoid thrashing". Null = no group.
    /// </summary>
    public Func<bool>? SyncGroupAllowsMaster { get; set; }

    /// <summary>Set-VrrpInstance -Maintenance: stays BACKUP, never takes over.</summary>
    public bool Maintenance { get; private set; }

    /// <summary>Our address for tie-breaks (unicast_src_ip or the interface's primary address); set by the driver.</summary>
    public VrrpIpAddress OwnAddress { get; set; }

    public TimeSpan AdvertisementInterval { get; }

    /// <summary>v3 learns it from the master's adverts (RFC 5798 §6.4.2); v2 keeps its own.</summary>
    public TimeSpan MasterAdvertisementInterval { get; private set; }

    /// <summary>RFC 3768 §6.1: (256 − Priority) / 256 s; RFC 5798 §6.1: ((256 − Priority) × Master_Adver_Interval) / 256.</summary>
    public TimeSpan SkewTime => Skew(256 - EffectivePriority);

    /// <summary>3 × Master_Adver_Interval + Skew_Time.</summary>
    public TimeSpan MasterDownInterval => (3 * MasterAdvertisementInterval) + SkewTime;

    public VrrpIpAddress MasterAddress { get; private set; }

    public int MasterPriority { get; private set; }

    public TimeSpan? MasterDownTimer { get; private set; }

    public TimeSpan? AdvertisementTimer { get; private set; }

    public TimeSpan? GarpDelayTimer { get; private set; }

    public TimeSpan? GarpRefreshTimer { get; private set; }

    /// <summary>Earliest pending deadline, or null when nothing is scheduled.</summary>
    public TimeSpan? NextDeadline => Min(Min(MasterDownTimer, AdvertisementTimer), Min(GarpDelayTimer, GarpRefreshTimer));

    /// <summary>Why the instance is (or would be) in FAULT.</summary>
    public IReadOnlyList<string> FaultReasons
    {
        get
        {
            var reasons = new List<string>();
            if (_ownInterfaceDown)
            {
                reasons.Add($"interface {Settings.Interface} down");
            }

            foreach (TrackState t in _tracks.Values)
            {
                if (t.CausesFault)
                {
                    reasons.Add($"tracked {t.Track.Kind.ToString().ToLowerInvariant()} {t.Track.Name} {(t.Up ? "up (reverse)" : "down")}");
                }
                else if (t.AwaitsFirstResult)
                {
                    reasons.Add($"waiting for the first result of track script {t.Track.Name}");
                }
            }

            if (_syncFaultReason is not null)
            {
                reasons.Add(_syncFaultReason);
            }

            return reasons;
        }
    }

    /// <summary>Trackers that currently move the priority or cause FAULT.</summary>
    public IReadOnlyList<VrrpPriorityContribution> PriorityContributions =>
        _tracks.Values.Where(t => t.Delta != 0 || t.CausesFault)
            .Select(t => new VrrpPriorityContribution(t.Track, t.Up, t.Value, t.Delta, t.CausesFault)).ToArray();

    private bool HasFault => _syncFaultReason is not null || HasOwnFault;

    /// <summary>Leaves Initialize (RFC 5798 §6.4.1 with keepalived's start-up rules).</summary>
    public void Start(TimeSpan now, List<VrrpAction> actions)
    {
        if (State != VrrpState.Initialize)
        {
            return;
        }

        // Clean VIPs a crashed predecessor may have left behind before anything else.
        actions.Add(new VrrpAction(VrrpActionKind.RemoveVirtualAddresses));
        MasterAdvertisementInterval = AdvertisementInterval;
        if (HasFault && !OnlyAwaitingScripts)
        {
            ChangeState(VrrpState.Fault, "(init) " + string.Join(", ", FaultReasons), actions, logSuffix: " (init)");
            return;
        }

        if (HasFault)
        {
            // keepalived holds the instance in FAULT until every weight-0 script has reported, without a FAULT
            // notify: the first result then brings it up (BACKUP, notify) or down (FAULT, notify).
            _waitingSilently = true;
            State = VrrpState.Fault;
            actions.Add(VrrpAction.Log($"({Name}) Waiting for the first result of track scripts before leaving init"));
            actions.Add(new VrrpAction(VrrpActionKind.StateChanged, Priority: EffectivePriority, From: VrrpState.Initialize, To: VrrpState.Fault,
                Message: "(init) " + string.Join(", ", FaultReasons)));
            return;
        }

        if (Settings.InitialState == VrrpState.Master && BasePriority == 255)
        {
            // keepalived: the owner leaves backup at once (1 µs down timer).
            State = VrrpState.Backup;
            MasterDownTimer = now;
            return;
        }

        ChangeState(VrrpState.Backup, "start", actions, logSuffix: " (init)");
        MasterDownTimer = Settings.InitialState == VrrpState.Master && !Maintenance
            ? now + MasterAdvertisementInterval + Skew(1)
            : now + MasterDownInterval;
    }

    /// <summary>
    /// Instance-level checks of an advert the reader accepted (RFC 3768 §7.1, RFC 5798 §7.1, keepalived's vrrp_check_packet).
    /// </summary>
    public VrrpDropReason Check(VrrpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Version != Settings.Version)
        {
            return VrrpDropReason.BadVersion;
        }

        if (packet.Family != Settings.Family)
        {
            return VrrpDropReason.AddressFamilyMismatch;
        }

        if (packet.VirtualRouterId != Settings.VirtualRouterId)
        {
            return VrrpDropReason.UnknownVirtualRouterId;
        }

        if (!OwnAddress.IsNone && packet.Source == OwnAddress)
        {
            return VrrpDropReason.OwnAdvertisement;
        }

        if (packet.Version == 2)
        {
            if (packet.AuthType != Settings.AuthType)
            {
                return VrrpDropReason.AuthTypeMismatch;
            }

            if (Settings.AuthType == VrrpAuthType.Password && !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(packet.AuthData, _authData))
            {
                return VrrpDropReason.AuthFailure;
            }

            if (packet.AdvertInterval != Settings.AdvertIntervalField)
            {
                return VrrpDropReason.AdvertIntervalMismatch;
            }
        }
        else if (packet.Family == AddressFamily.InterNetwork)
        {
            VrrpChecksumKind expected = SendChecksumKind;
            bool learnsOldChecksum = packet.ChecksumKind == VrrpChecksumKind.OldUnicastPseudoHeader && expected == VrrpChecksumKind.PseudoHeader
                && AppliesOldUnicastChecksum && Settings.OldUnicastChecksum == VrrpOldUnicastChecksum.Detect;
            if (packet.ChecksumKind != expected && !learnsOldChecksum)
            {
                return VrrpDropReason.ChecksumVariantMismatch;
            }
        }

        if (packet.AddressCount != Settings.VirtualIPAddresses.Count)
        {
            return VrrpDropReason.AddressCountMismatch;
        }

        // keepalived: every configured VIP must be in the advert (order free).
        ReadOnlySpan<VrrpIpAddress> received = packet.Addresses;
        foreach (VrrpIpAddress vip in _vips)
        {
            if (!received.Contains(vip))
            {
                return VrrpDropReason.AddressListMismatch;
            }
        }

        if (!packet.Destination.IsNone)
        {
            bool multicast = packet.Destination == VrrpPacket.MulticastGroupIPv4 || packet.Destination == VrrpPacket.MulticastGroupIPv6;
            if (multicast == Settings.IsUnicast)
            {
                return VrrpDropReason.UnexpectedDestination;
            }
        }

        if (Settings.IsUnicast && Settings.CheckUnicastSource && !IsPeer(packet.Source))
        {
            return VrrpDropReason.NonPeerSource;
        }

        return VrrpDropReason.None;
    }

    /// <summary>A valid advert for this instance (already passed <see cref="Check"/>).</summary>
    public void AdvertisementReceived(VrrpPacket packet, TimeSpan now, List<VrrpAction> actions)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.ChecksumKind == VrrpChecksumKind.OldUnicastPseudoHeader && !UsesOldUnicastChecksum)
        {
            // keepalived: a peer still on the old unicast checksum switches us to it for good.
            UsesOldUnicastChecksum = true;
            actions.Add(VrrpAction.Log($"({Name}) Setting unicast VRRPv3 checksum to old version"));
        }

        switch (State)
        {
            case VrrpState.Backup:
                BackupReceived(packet, now, actions);
                break;
            case VrrpState.Master:
                MasterReceived(packet, now, actions);
                break;
            default:
                // FAULT, STOP and INIT ignore adverts (keepalived records nothing either).
                break;
        }
    }

    /// <summary>Handles every timer due at <paramref name="now"/>.</summary>
    public void TimerFired(TimeSpan now, List<VrrpAction> actions)
    {
        if (MasterDownTimer is { } down && down <= now)
        {
            MasterDownTimer = null;
            if (State == VrrpState.Backup && !Maintenance)
            {
                WantsMaster = true;
                if (SyncGroupAllowsMaster is { } allows && !allows())
                {
                    // Wait for the rest of the group; try again after another down interval (keepalived).
                    MasterDownTimer = now + MasterDownInterval;
                }
                else
                {
                    BecomeMaster(now, MasterPriority == 0 && !MasterAddress.IsNone ? "priority 0 advert received" : "master down timer expired", actions);
                }
            }
        }

        if (AdvertisementTimer is { } adv && adv <= now)
        {
            AdvertisementTimer = null;
            if (State == VrrpState.Master)
            {
                actions.Add(VrrpAction.Send(EffectivePriority));
                AdvertisementTimer = now + AdvertisementInterval;
            }
        }

        if (GarpDelayTimer is { } garp && garp <= now)
        {
            GarpDelayTimer = null;
            if (State == VrrpState.Master && Settings.GarpMasterRepeat > 0)
            {
                actions.Add(new VrrpAction(VrrpActionKind.Announce, Count: Settings.GarpMasterRepeat));
            }
        }

        if (GarpRefreshTimer is { } refresh && refresh <= now)
        {
            GarpRefreshTimer = null;
            if (State == VrrpState.Master && Settings.GarpMasterRefresh > TimeSpan.Zero)
            {
                actions.Add(new VrrpAction(VrrpActionKind.Announce, Count: Math.Max(1, Settings.GarpMasterRefreshRepeat)));
                GarpRefreshTimer = now + Settings.GarpMasterRefresh;
            }
        }
    }

    /// <summary>A tracker changed (interface link, script result, file value).</summary>
    public void TrackerChanged(VrrpTrackerReport report, TimeSpan now, List<VrrpAction> actions)
    {
        bool known = false;
        if (report.Kind == VrrpTrackKind.Interface && report.Name == Settings.Interface && !Settings.DontTrackPrimary)
        {
            known = true;
            if (_ownInterfaceDown == report.Up)
            {
                _ownInterfaceDown = !report.Up;
                actions.Add(VrrpAction.Log($"({Name}) Interface {report.Name} is {(report.Up ? "up" : "down")}"));
            }
        }

        if (_tracks.TryGetValue(Key(report.Kind, report.Name), out TrackState? t))
        {
            known = true;
            if (!t.Reported || t.Up != report.Up || t.Value != report.Value)
            {
                t.Reported = true;
                t.Up = report.Up;
                t.Value = report.Value;
                if (report.Kind == VrrpTrackKind.Script)
                {
                    actions.Add(VrrpAction.Log($"({Name}) Script {report.Name} {(report.Up ? "succeeded" : "failed")}"));
                }
            }
        }

        if (known)
        {
            Reevaluate(now, "tracker " + report.Name + (report.Up ? " up" : " down"), actions);
        }
    }

    /// <summary>Set-VrrpInstance -Priority: a new base priority at runtime.</summary>
    public void SetPriority(int priority, TimeSpan now, List<VrrpAction> actions)
    {
        if (priority is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Priority must be 1..255.");
        }

        BasePriority = priority;
        Reevaluate(now, "priority set to " + priority, actions);
    }

    /// <summary>Set-VrrpInstance -Maintenance: step down cleanly (priority-0 advert) and stay BACKUP until cleared.</summary>
    public void SetMaintenance(bool on, TimeSpan now, List<VrrpAction> actions)
    {
        if (Maintenance == on)
        {
            return;
        }

        Maintenance = on;
        if (on)
        {
            actions.Add(VrrpAction.Log($"({Name}) Entering maintenance"));
            if (State == VrrpState.Master)
            {
                LeaveMaster(VrrpState.Backup, "maintenance", sendPriorityZero: true, now, actions);
            }

            MasterDownTimer = null;
        }
        else
        {
            actions.Add(VrrpAction.Log($"({Name}) Leaving maintenance"));
            if (State == VrrpState.Backup)
            {
                MasterDownTimer = now + MasterDownInterval;
            }
        }
    }

    /// <summary>Sync group: another member became master, follow it (keepalived vrrp_sync_master).</summary>
    public void SyncGoMaster(string reason, TimeSpan now, List<VrrpAction> actions)
    {
        if (State == VrrpState.Backup && !Maintenance)
        {
            BecomeMaster(now, reason, actions);
        }
    }

    /// <summary>Sync group: another member left master, follow it (keepalived vrrp_sync_backup).</summary>
    public void SyncGoBackup(string reason, TimeSpan now, List<VrrpAction> actions)
    {
        if (State == VrrpState.Master)
        {
            LeaveMaster(VrrpState.Backup, reason, sendPriorityZero: false, now, actions);
        }
    }

    /// <summary>
    /// Sync group: set or clear the group-imposed fault (null clears). <paramref name="awaitingOnly"/>: the other member
    /// only waits for its first script results, so this one waits with it, silently (keepalived's num_member_init).
    /// </summary>
    public void SetSyncFault(string? reason, TimeSpan now, List<VrrpAction> actions, bool awaitingOnly = false)
    {
        awaitingOnly &= reason is not null;
        if (_syncFaultReason == reason && _syncFaultAwaiting == awaitingOnly)
        {
            return;
        }

        _syncFaultReason = reason;
        _syncFaultAwaiting = awaitingOnly;
        Reevaluate(now, reason ?? "sync group recovered", actions);
    }

    /// <summary>True when this instance's own trackers hold it only because weight-0 scripts have not reported yet.</summary>
    public bool OwnFaultIsOnlyAwaitingScripts
    {
        get
        {
            if (_ownInterfaceDown)
            {
                return false;
            }

            bool awaiting = false;
            foreach (TrackState t in _tracks.Values)
            {
                if (t.CausesFault)
                {
                    return false;
                }

                awaiting |= t.AwaitsFirstResult;
            }

            return awaiting;
        }
    }

    /// <summary>True when this instance's own trackers (not the group) hold it in FAULT.</summary>
    public bool HasOwnFault
    {
        get
        {
            if (_ownInterfaceDown)
            {
                return true;
            }

            foreach (TrackState t in _tracks.Values)
            {
                if (t.CausesFault || t.AwaitsFirstResult)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when the only thing holding the instance is weight-0 scripts that have not reported yet.</summary>
    private bool OnlyAwaitingScripts
    {
        get
        {
            if (_ownInterfaceDown || (_syncFaultReason is not null && !_syncFaultAwaiting))
            {
                return false;
            }

            bool awaiting = _syncFaultAwaiting;
            foreach (TrackState t in _tracks.Values)
            {
                if (t.CausesFault)
                {
                    return false;
                }

                awaiting |= t.AwaitsFirstResult;
            }

            return awaiting;
        }
    }

    /// <summary>Shutdown: a master sends priority 0 (RFC 5798 §6.4.3) and releases its VIPs; everyone goes to STOP.</summary>
    public void Shutdown(TimeSpan now, List<VrrpAction> actions)
    {
        if (State == VrrpState.Stop)
        {
            return;
        }

        if (State == VrrpState.Master)
        {
            actions.Add(VrrpAction.Send(0));
            actions.Add(new VrrpAction(VrrpActionKind.RemoveVirtualAddresses));
        }

        ChangeState(VrrpState.Stop, "shutdown", actions);
        MasterDownTimer = null;
        AdvertisementTimer = null;
        GarpDelayTimer = null;
        GarpRefreshTimer = null;
    }

    private void BackupReceived(VrrpPacket packet, TimeSpan now, List<VrrpAction> actions)
    {
        int priority = packet.Priority;
        if (priority == 0)
        {
            // RFC 5798 §6.4.2: the master is leaving; take over after Skew_Time, not Master_Down_Interval.
            MasterPriority = 0;
            MasterAddress = packet.Source;
            if (!Maintenance)
            {
                MasterDownTimer = now + SkewTime;
            }

            return;
        }

        bool preemptDelayPending = PreemptDelay > TimeSpan.Zero && (_preemptUntil is null || _preemptUntil > now);
        if (NoPreempt || priority >= EffectivePriority || preemptDelayPending)
        {
            if (Settings.Version == 3)
            {
                MasterAdvertisementInterval = packet.AdvertisementInterval;
            }

            MasterAddress = packet.Source;
            MasterPriority = priority;
            WantsMaster = false;
            if (!Maintenance)
            {
                MasterDownTimer = now + MasterDownInterval;
            }

            if (PreemptDelay > TimeSpan.Zero)
            {
                if (priority >= EffectivePriority)
                {
                    _preemptUntil = null;
                }
                else if (_preemptUntil is null)
                {
                    _preemptUntil = now + PreemptDelay;
                    actions.Add(VrrpAction.Log($"({Name}) start preempt delay ({PreemptDelay.TotalSeconds:0.000000})", VrrpLogLevel.Debug));
                }
            }

            return;
        }

        // Preempting: ignore the lower-priority master and let the down timer run out.
        MasterAddress = packet.Source;
        MasterPriority = priority;
        actions.Add(VrrpAction.Log($"({Name}) received lower priority ({priority}) advert from {packet.Source} - discarding"));
    }

    private void MasterReceived(VrrpPacket packet, TimeSpan now, List<VrrpAction> actions)
    {
        int priority = packet.Priority;
        int ours = EffectivePriority;
        int addressOrder = OwnAddress.IsNone ? 0 : packet.Source.CompareTo(OwnAddress);
        bool higher = priority > ours || (priority == ours && addressOrder > 0);
        if (priority == 0 || (Settings.HigherPrioritySendAdvert && higher))
        {
            // Another router released mastership: answer at once so backups keep us (RFC 5798 §6.4.3).
            actions.Add(VrrpAction.Send(ours));
            if (priority == 0)
            {
                return;
            }
        }

        if (priority == ours)
        {
            if (addressOrder == 0)
            {
                actions.Add(VrrpAction.Log($"({Name}) WARNING - equal priority advert received from remote host with our IP address.", VrrpLogLevel.Warning));
            }
            else if (ours == 255)
            {
                actions.Add(VrrpAction.Log($"({Name}) CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority", VrrpLogLevel.Error));
                BasePriority = 254;
                EffectivePriority = ComputeEffectivePriority();
                ours = EffectivePriority;
                higher = true;
            }
        }

        if (!higher)
        {
            actions.Add(VrrpAction.Log($"({Name}) Received advert from {packet.Source} with lower priority {priority}, ours {ours}{(Settings.LowerPriorityNoAdvert ? string.Empty : ", forcing new election")}"));
            if (!Settings.LowerPriorityNoAdvert)
            {
                actions.Add(VrrpAction.Send(ours));
            }

            if (Settings.GarpLowerPriorityRepeat > 0)
            {
                actions.Add(new VrrpAction(VrrpActionKind.Announce, Count: Settings.GarpLowerPriorityRepeat));
            }

            return;
        }

        actions.Add(VrrpAction.Log(priority > ours
            ? $"({Name}) Master received advert from {packet.Source} with higher priority {priority}, ours {ours}"
            : $"({Name}) Master received advert from {packet.Source} with same priority {priority} but higher IP address than ours"));
        if (Settings.Version == 3)
        {
            MasterAdvertisementInterval = packet.AdvertisementInterval;
        }

        MasterAddress = packet.Source;
        MasterPriority = priority;
        LeaveMaster(VrrpState.Backup, priority > ours ? $"higher priority {priority} advert from {packet.Source}" : $"same priority, higher address {packet.Source}", sendPriorityZero: false, now, actions);
    }

    private void BecomeMaster(TimeSpan now, string reason, List<VrrpAction> actions)
    {
        // keepalived sends the advert first so the old master drops its VIPs before our GARPs.
        actions.Add(VrrpAction.Send(EffectivePriority));
        MasterAdvertisementInterval = AdvertisementInterval;
        MasterAddress = OwnAddress;
        MasterPriority = EffectivePriority;
        WantsMaster = false;
        ChangeState(VrrpState.Master, reason, actions, addVipsBeforeNotify: true);
        AdvertisementTimer = now + AdvertisementInterval;
        MasterDownTimer = null;
        GarpDelayTimer = Settings.GarpMasterDelay > TimeSpan.Zero ? now + Settings.GarpMasterDelay : null;
        GarpRefreshTimer = Settings.GarpMasterRefresh > TimeSpan.Zero ? now + Settings.GarpMasterRefresh : null;
    }

    private void LeaveMaster(VrrpState to, string reason, bool sendPriorityZero, TimeSpan now, List<VrrpAction> actions)
    {
        if (sendPriorityZero)
        {
            actions.Add(VrrpAction.Send(0));
        }

        actions.Add(new VrrpAction(VrrpActionKind.RemoveVirtualAddresses));
        AdvertisementTimer = null;
        GarpDelayTimer = null;
        GarpRefreshTimer = null;
        WantsMaster = false;
        ChangeState(to, reason, actions);
        MasterDownTimer = to == VrrpState.Backup && !Maintenance ? now + MasterDownInterval : null;
    }

    private void Reevaluate(TimeSpan now, string reason, List<VrrpAction> actions)
    {
        int before = EffectivePriority;
        EffectivePriority = ComputeEffectivePriority();
        if (before != EffectivePriority)
        {
            actions.Add(VrrpAction.Log($"({Name}) Changing effective priority from {before} to {EffectivePriority}"));
        }

        bool fault = HasFault;
        if (_waitingSilently && (!fault || !OnlyAwaitingScripts))
        {
            _waitingSilently = false;
            if (fault && State == VrrpState.Fault)
            {
                // The wait ended in a real fault: now it is announced (keepalived runs the FAULT notify here).
                ChangeState(VrrpState.Fault, string.Join(", ", FaultReasons), actions);
                return;
            }
        }

        if (fault && State is VrrpState.Master or VrrpState.Backup)
        {
            string why = string.Join(", ", FaultReasons);
            if (State == VrrpState.Master)
            {
                // keepalived: a master going to FAULT sends priority 0 so a backup takes over after Skew_Time.
                LeaveMaster(VrrpState.Fault, why, sendPriorityZero: true, now, actions);
            }
            else
            {
                ChangeState(VrrpState.Fault, why, actions);
            }

            MasterDownTimer = null;
            MasterAddress = VrrpIpAddress.None;
            MasterPriority = 0;
            return;
        }

        if (!fault && State == VrrpState.Fault)
        {
            MasterAdvertisementInterval = AdvertisementInterval;
            ChangeState(VrrpState.Backup, "recovered: " + reason, actions);
            MasterDownTimer = Maintenance ? null
                : BasePriority == 255 && Settings.InitialState == VrrpState.Master ? now + MasterAdvertisementInterval + SkewTime
                : now + MasterDownInterval;
        }
    }

    private void ChangeState(VrrpState to, string reason, List<VrrpAction> actions, string logSuffix = "", bool addVipsBeforeNotify = false)
    {
        VrrpState from = State;
        State = to;
        actions.Add(VrrpAction.Log($"({Name}) Entering {VrrpNotification.StateWord(to)} STATE{logSuffix}"));
        if (addVipsBeforeNotify)
        {
            actions.Add(new VrrpAction(VrrpActionKind.AddVirtualAddresses));
            if (Settings.GarpMasterRepeat > 0)
            {
                actions.Add(new VrrpAction(VrrpActionKind.Announce, Count: Settings.GarpMasterRepeat));
            }
        }

        actions.Add(new VrrpAction(VrrpActionKind.StateChanged, Priority: EffectivePriority, From: from, To: to, Message: reason));
        actions.Add(new VrrpAction(VrrpActionKind.Notify, Priority: EffectivePriority, From: from, To: to));
    }

    private int ComputeEffectivePriority()
    {
        if (BasePriority == 255)
        {
            // The address owner's priority is not moved by trackers (keepalived).
            return 255;
        }

        long total = BasePriority;
        foreach (TrackState t in _tracks.Values)
        {
            total += t.Delta;
        }

        return (int)Math.Clamp(total, 1, 254);
    }

    private TimeSpan Skew(int factor)
    {
        if (Settings.Version == 3)
        {
            // In microseconds like keepalived, so timing matches it to the µs.
            long centiseconds = MasterAdvertisementInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10);
            return TimeSpan.FromTicks(factor * centiseconds * 10_000 / 256 * 10);
        }

        return TimeSpan.FromTicks(factor * 1_000_000L / 256 * 10);
    }

    private bool IsPeer(VrrpIpAddress source) => Array.IndexOf(_peers, source) >= 0;

    private static string Key(VrrpTrackKind kind, string name) => ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + name;

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private sealed class TrackState(VrrpTrack track)
    {
        public VrrpTrack Track { get; } = track;

        public bool Up { get; set; }

        /// <summary>False until the tracker's first report; an unreported script moves nothing.</summary>
        public bool Reported { get; set; }

        public long Value { get; set; }

        /// <summary>keepalived's num_script_init: a weight-0 script that has not reported holds the instance in FAULT.</summary>
        public bool AwaitsFirstResult => !Reported && Track.Weight == 0 && Track.Kind == VrrpTrackKind.Script;

        /// <summary>keepalived: weight &gt; 0 adds when up, weight &lt; 0 subtracts when down; reverse flips the sign; files multiply.</summary>
        public int Delta
        {
            get
            {
                if (!Reported)
                {
                    // keepalived: a script in its init state adds nothing, whatever the sign of its weight.
                    return 0;
                }

                if (Track.Kind == VrrpTrackKind.File)
                {
                    if (Track.Weight == 0)
                    {
                        return 0;
                    }

                    long v = Value * Track.Weight * (Track.Reverse ? -1 : 1);
                    return v <= -254 ? 0 : (int)Math.Clamp(v, -253, 253);
                }

                int w = Track.Reverse ? -Track.Weight : Track.Weight;
                if (Track.Weight > 0)
                {
                    return Up ? w : 0;
                }

                if (Track.Weight < 0)
                {
                    return Up ? 0 : w;
                }

                return 0;
            }
        }

        public bool CausesFault
        {
            get
            {
                if (!Reported)
                {
                    return false;
                }

                if (Track.Kind == VrrpTrackKind.File)
                {
                    long v = Value * (Track.Weight == 0 ? 1 : Track.Weight) * (Track.Reverse ? -1 : 1);
                    return Track.Weight == 0 ? Value != 0 : v <= -254;
                }

                return Track.Weight == 0 && (Track.Reverse ? Up : !Up);
            }
        }
    }
}
