import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CommandContext,
  CommandOutcome,
  ProgrammeCommandInput,
  ProgrammeCommands,
  ProjectCommandInput,
  ProjectCommands,
} from '@app/application';

/** Runs a project command through the one write path (see `ProjectCommands`). */
export class RunProjectCommand extends Command<CommandOutcome> {
  constructor(
    readonly input: ProjectCommandInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Runs a programme command through the one write path (see `ProgrammeCommands`). */
export class RunProgrammeCommand extends Command<CommandOutcome> {
  constructor(
    readonly input: ProgrammeCommandInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RunProjectCommand)
export class RunProjectCommandHandler implements ICommandHandler<RunProjectCommand, CommandOutcome> {
  constructor(private readonly projects: ProjectCommands) {}

  execute(command: RunProjectCommand): Promise<CommandOutcome> {
    return this.projects.execute(command.input, command.context);
  }
}

@CommandHandler(RunProgrammeCommand)
export class RunProgrammeCommandHandler implements ICommandHandler<RunProgrammeCommand, CommandOutcome> {
  constructor(private readonly programmes: ProgrammeCommands) {}

  execute(command: RunProgrammeCommand): Promise<CommandOutcome> {
    return this.programmes.execute(command.input, command.context);
  }
}
