using Plumb.Cli;

return PlumbCli.Run(args, Console.Out, Console.Error);
