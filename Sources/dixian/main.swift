import DixianCLI

DixianCommand.main()
