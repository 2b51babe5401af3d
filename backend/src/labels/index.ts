/** The labels feature's public face: what the app composition uses. */
export { LabelsModule } from './labels.module';
