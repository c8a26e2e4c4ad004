namespace HaTools.Core.Config;

/// <summary>
/// The keywords keepalived 2.2 accepts in each block (from keepalived.conf(5)). Anything else is an
/// UnknownKeyword warning with the nearest valid keyword as a suggestion.
/// </summary>
internal static class ConfigVocabulary
{
    private static HashSet<string> Set(string words) => new(words.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    public static readonly HashSet<string> TopLevel = Set(@"global_defs vrrp_script vrrp_track_file track_file vrrp_track_process vrrp_sync_group vrrp_instance
        virtual_server_group virtual_server static_ipaddress static_routes static_rules bfd_instance linkbeat_interfaces garp_group SSL
        static_track_group net_namespace net_namespace_ipvs namespace_with_ipsets instance use_pid_dir linkbeat_use_polling child_wait_time
        track_group");

    public static readonly HashSet<string> GlobalDefs = Set(@"router_id notification_email notification_email_from smtp_server smtp_helo_name smtp_connect_timeout
        smtp_alert smtp_alert_vrrp smtp_alert_checker enable_script_security script_user lvs_flush lvs_flush_on_stop lvs_timeouts lvs_sync_daemon
        vrrp_version vrrp_strict vrrp_skip_check_adv_addr vrrp_mcast_group4 vrrp_mcast_group6 vrrp_garp_master_delay vrrp_garp_master_repeat
        vrrp_garp_master_refresh vrrp_garp_master_refresh_repeat vrrp_garp_interval vrrp_gna_interval vrrp_lower_prio_no_advert vrrp_higher_prio_send_advert
        dynamic_interfaces bfd_cpu_affinity bfd_no_swap bfd_priority bfd_process_name bfd_rlimit_rttime bfd_rt_priority checker_cpu_affinity
        checker_log_all_failures checker_no_swap checker_priority checker_process_name checker_rlimit_rttime checker_rt_priority config_save_dir
        data_use_instance dbus_service_name default_interface enable_dbus enable_snmp_checker enable_snmp_rfc enable_snmp_rfcv2 enable_snmp_rfcv3
        enable_snmp_vrrp enable_snmp_keepalived enable_traps fifo_write_vrrp_states_on_reload include_check log_unknown_vrids lvs_netlink_cmd_rcv_bufs
        lvs_netlink_cmd_rcv_bufs_force lvs_netlink_monitor_rcv_bufs lvs_netlink_monitor_rcv_bufs_force lvs_notify_fifo lvs_notify_fifo_script
        max_auto_priority min_auto_priority_delay nftables nftables_counters nftables_ifindex nftables_ipvs nftables_ipvs_priority
        nftables_ipvs_start_fwmark nftables_priority no_checker_emails no_email_faults notify_fifo notify_fifo_script process_monitor_rcv_bufs
        process_monitor_rcv_bufs_force process_name process_names random_seed reload_check_config reload_file reload_repeat reload_time_file
        rs_init_notifies shutdown_script shutdown_script_timeout snmp_socket startup_script startup_script_timeout tmp_config_directory umask
        vmac_addr_prefix vmac_prefix vrrp_check_unicast_src vrrp_cpu_affinity vrrp_down_timer_adverts vrrp_garp_extra_if vrrp_garp_lower_prio_delay
        vrrp_garp_lower_prio_repeat vrrp_ipsets vrrp_iptables vrrp_min_garp vrrp_netlink_cmd_rcv_bufs vrrp_netlink_cmd_rcv_bufs_force
        vrrp_netlink_monitor_rcv_bufs vrrp_netlink_monitor_rcv_bufs_force vrrp_no_swap vrrp_notify_fifo vrrp_notify_fifo_script
        vrrp_notify_priority_changes vrrp_priority vrrp_process_name vrrp_rlimit_rttime vrrp_rt_priority vrrp_rx_bufs_multiplier vrrp_rx_bufs_policy
        vrrp_startup_delay linkbeat_use_polling net_namespace net_namespace_ipvs namespace_with_ipsets instance use_pid_dir
        vrrp_garp_lower_prio_no_advert vrrp_track_process_delay vrrp_use_ipvlan vrrp_netlink_monitor_rcv_bufs vrrp_rlimit_rtime checker_rlimit_rtime
        vrrp_skip_check_adv_addr vrrp_iptables vrrp_ipsets");

    public static readonly HashSet<string> VrrpScript = Set("script interval timeout weight rise fall user init_fail");

    public static readonly HashSet<string> TrackFile = Set("file weight init_file");

    public static readonly HashSet<string> TrackProcess = Set("process param_match parameters weight quorum quorum_max delay fork_delay terminate_delay full_command");

    public static readonly HashSet<string> SyncGroup = Set(@"group notify_master notify_backup notify_fault notify_stop notify notify_deleted notify_priority_changes
        smtp_alert global_tracking sync_group_tracking_weight track_interface track_script track_file track_process track_bfd");

    public static readonly HashSet<string> VrrpInstance = Set(@"state interface virtual_router_id priority advert_int version nopreempt preempt preempt_delay
        accept no_accept unicast_src_ip unicast_peer mcast_src_ip authentication virtual_ipaddress virtual_ipaddress_excluded virtual_routes
        virtual_rules track_interface track_script track_file track_process track_bfd notify_master notify_backup notify_fault notify_stop notify
        notify_master_rx_lower_pri notify_deleted notify_priority_changes smtp_alert garp_master_delay garp_master_repeat garp_master_refresh
        garp_master_refresh_repeat garp_lower_prio_delay garp_lower_prio_repeat garp_extra_if lower_prio_no_advert higher_prio_send_advert
        use_vmac use_vmac_addr vmac_xmit_base use_ipvlan dont_track_primary skip_check_adv_addr strict_mode debug check_unicast_src
        down_timer_adverts kernel_rx_buf_size linkbeat_use_polling mcast_dst_ip native_ipv6 old_unicast_checksum promote_secondaries
        track_src_ip unicast_fault_no_peer unicast_ttl vrf lvs_sync_daemon_interface sync_group_tracking_weight");

    public static readonly HashSet<string> Authentication = Set("auth_type auth_pass");

    public static readonly HashSet<string> VirtualServer = Set(@"delay_loop lb_algo lvs_sched lb_kind lvs_method persistence_timeout persistence_granularity
        persistence_engine protocol sorry_server sorry_server_inhibit sorry_server_lvs_method virtualhost alpha omega quorum quorum_up quorum_down
        hysteresis ha_suspend inhibit_on_failure retry delay_before_retry warmup connect_timeout notify_up notify_down real_server ip_family
        ops flag smtp_alert snmp_name nat_mask lthreshold uthreshold sh-port sh-fallback mh-port mh-fallback");

    public static readonly HashSet<string> RealServer = Set(@"weight inhibit_on_failure notify_up notify_down lvs_method delay_loop retry delay_before_retry
        warmup connect_timeout smtp_alert alpha lthreshold uthreshold virtualhost snmp_name
        TCP_CHECK HTTP_GET SSL_GET SMTP_CHECK DNS_CHECK MISC_CHECK UDP_CHECK PING_CHECK FILE_CHECK BFD_CHECK");

    public static readonly HashSet<string> CheckerCommon = Set(@"connect_ip connect_port bindto bind_port bind_if connect_timeout retry nb_get_retry
        delay_before_retry warmup delay_loop fwmark alpha log_all_failures");

    public static readonly HashSet<string> HttpGet = Set("url virtualhost http_protocol fast_recovery nb_get_retry");

    public static readonly HashSet<string> SslGet = Set("url virtualhost http_protocol fast_recovery enable_sni nb_get_retry");

    public static readonly HashSet<string> Url = Set("path digest status_code virtualhost regex regex_no_match regex_options regex_stack regex_min_offset regex_max_offset");

    public static readonly HashSet<string> SmtpCheck = Set("helo_name host");

    public static readonly HashSet<string> DnsCheck = Set("type name");

    public static readonly HashSet<string> MiscCheck = Set("misc_path misc_timeout misc_dynamic user");

    public static readonly HashSet<string> UdpCheck = Set("payload require_reply min_reply_length max_reply_length");

    public static readonly HashSet<string> FileCheck = Set("track_file weight dynamic");

    public static readonly HashSet<string> BfdCheck = Set("name weight");

    public static readonly HashSet<string> PingCheck = Set("");

    public static readonly HashSet<string> TcpCheck = Set("");

    /// <summary>The nearest keyword by edit distance (at most a third of the word), or null.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        if (word.Length > 64) return null;
        int allowed = Math.Max(2, word.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        Span<int> prev = stackalloc int[66];
        Span<int> cur = stackalloc int[66];
        foreach (var c in candidates)
        {
            // A length difference is a lower bound on the distance: skip hopeless candidates cheaply.
            if (Math.Abs(c.Length - word.Length) > allowed || c.Length > 64) continue;
            int d = Distance(word, c, prev, cur);
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best != null && bestDistance <= allowed ? best : null;
    }

    private static int Distance(string a, string b, Span<int> prev, Span<int> cur)
    {
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            var t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.Length];
    }
}
