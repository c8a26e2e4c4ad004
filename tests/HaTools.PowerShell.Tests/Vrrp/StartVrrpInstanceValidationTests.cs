namespace HaTools.PowerShell.Tests.Vrrp;

/// <summary>Bad input is refused at binding time or before anything starts, with a stable id and target.</summary>
[Collection(HostedJobsCollection.Name)]
public sealed class StartVrrpInstanceValidationTests : IDisposable
{
    private const string Cmd = "HaTools.Commands.StartVrrpInstanceCommand";
    private const string Base = "Start-VrrpInstance -Name VI_1 -Interface lo -VirtualRouterId 51 -VirtualIPAddress 10.9.9.9/32 ";
    private readonly PowerShellSession _s = new();

    public void Dispose() => _s.Dispose();

    private System.Management.Automation.ErrorRecord Fails(string script)
    {
        var r = _s.Invoke(script);
        Assert.Empty(r.Output);
        Assert.Empty(_s.Invoke("Get-Job").Output);
        return r.TerminatingRecord ?? Assert.Single(r.Errors);
    }

    [Theory]
    [InlineData("-VirtualRouterId 0", "VirtualRouterId")]
    [InlineData("-VirtualRouterId 256", "VirtualRouterId")]
    [InlineData("-Priority 0", "Priority")]
    [InlineData("-Priority 256", "Priority")]
    [InlineData("-Version 4", "Version")]
    [InlineData("-State FAULT", "State")]
    public void Out_of_range_values_fail_parameter_binding(string bad, string parameter)
    {
        var vrid = bad.Contains("VirtualRouterId") ? "" : "-VirtualRouterId 51 ";
        var e = Fails("Start-VrrpInstance -Name VI_1 -Interface lo -VirtualIPAddress 10.9.9.9/32 " + vrid + bad);
        Assert.Equal("ParameterArgumentValidationError," + Cmd, e.FullyQualifiedErrorId);
        Assert.Contains(parameter, e.Exception.Message);
    }

    [Theory]
    [InlineData("-AdvertisementInterval 0.5", "VRRPv2 AdvertisementInterval")]
    [InlineData("-Version 3 -AdvertisementInterval 41", "VRRPv3 AdvertisementInterval")]
    [InlineData("-Version 3 -AdvertisementInterval 0.015", "centiseconds")]
    [InlineData("-VirtualIPAddress fd00::1/64", "IPv6 instances need Version 3")]
    [InlineData("-Version 3 -AuthPass secret", "VRRPv3 has no authentication")]
    public void Interval_ranges_and_combinations_are_checked_per_version(string bad, string message)
    {
        var vip = bad.Contains("VirtualIPAddress") ? "" : "-VirtualIPAddress 10.9.9.9/32 ";
        var e = Fails("Start-VrrpInstance -Name VI_1 -Interface lo -VirtualRouterId 51 " + vip + bad);
        Assert.Equal("VrrpInvalidSettings," + Cmd, e.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains(message, e.Exception.Message);
    }

    [Fact]
    public void A_malformed_virtual_address_names_itself()
    {
        var e = Fails("Start-VrrpInstance -Name VI_1 -Interface lo -VirtualRouterId 51 -VirtualIPAddress '10.0.0.300/24'");
        Assert.Equal("VirtualIPAddressInvalid," + Cmd, e.FullyQualifiedErrorId);
        Assert.Equal("10.0.0.300/24", e.TargetObject);
    }

    [Fact]
    public void A_track_script_without_a_command_is_refused()
    {
        var e = Fails(Base + "-TrackScript @{ Weight = -20 }");
        Assert.Equal("TrackScriptInvalid," + Cmd, e.FullyQualifiedErrorId);
        var e2 = Fails(Base + "-TrackScript @{ Script = '/bin/true'; Bogus = 1 }");
        Assert.Contains("Bogus", e2.Exception.Message);
    }

    [Fact]
    public void An_unknown_network_namespace_is_object_not_found()
    {
        var e = Fails(Base + "-NetworkNamespace htvj-no-such-ns");
        Assert.Equal("NetworkNamespaceNotFound," + Cmd, e.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("htvj-no-such-ns", e.TargetObject);
    }

    [Fact]
    public void The_auth_password_never_appears_in_output_or_errors()
    {
        var r = _s.Invoke(Base + "-AuthPass 'S3cr3tPw' -AdvertisementInterval 0.5");
        var text = string.Join("\n", r.Errors.Select(e => e.ToString()).Append(r.TerminatingRecord?.ToString() ?? "").Append(r.TerminatingRecord?.TargetObject?.ToString() ?? ""));
        Assert.DoesNotContain("S3cr3tPw", text);
    }

    [Fact]
    public void Get_and_Set_of_an_unknown_instance_are_object_not_found()
    {
        var g = _s.Invoke("Get-VrrpInstance -Name NOPE");
        Assert.Equal("VrrpInstanceNotFound,HaTools.Commands.GetVrrpInstanceCommand", Assert.Single(g.Errors).FullyQualifiedErrorId);
        var s = _s.Invoke("Set-VrrpInstance -Name NOPE -Priority 10");
        Assert.Equal("VrrpInstanceNotFound,HaTools.Commands.SetVrrpInstanceCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, s.Errors[0].CategoryInfo.Category);
    }
}
